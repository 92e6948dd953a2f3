import type { ReactNode } from 'react';
import type { AgreementDto, ConsistencyDto } from '@shared/contract';
import { formatNumber } from '../format';
import { queueHref } from '../links';
import { ci, fixed, pct, signed } from './common';

const LEANING_WORDS = { lenient: 'lenient', severe: 'severe', in_line: 'in line' } as const;

function Figures(props: { a: AgreementDto; min: number }): ReactNode {
  const { a } = props;
  if (!a.enough) {
    return (
      <td colSpan={5} className="too-few">
        {a.moderated === 0
          ? 'No moderated decisions'
          : `Too few moderated decisions to judge (${formatNumber(a.moderated)} of the ${formatNumber(props.min)} needed)`}
      </td>
    );
  }
  return (
    <>
      <td className="num">{pct(a.exactAgreement)}</td>
      <td className="num nowrap">
        {fixed(a.kappaQuadratic)} <span className="sub-inline">({ci(a.kappaCi95)})</span>
      </td>
      <td className="num">{fixed(a.gwetAc1)}</td>
      <td className="num nowrap">
        {fixed(a.gwetAc2)} <span className="sub-inline">({ci(a.gwetAc2Ci95)})</span>
      </td>
      <td className="num nowrap">
        {signed(a.meanDifference)}{' '}
        {a.leaning ? (
          <span className={`pill leaning-${a.leaning}`}>{LEANING_WORDS[a.leaning]}</span>
        ) : null}
      </td>
    </>
  );
}

/** Agreement with moderation per assessor, the cohort first. */
export function AgreementTable(props: { c: ConsistencyDto }): ReactNode {
  const { c } = props;
  const min = c.thresholds.minModeratedPairs;
  return (
    <div className="table-wrap">
      <table className="table compact agreement" data-testid="agreement-table">
        <caption className="visually-hidden">
          Agreement between each assessor and moderation
        </caption>
        <thead>
          <tr>
            <th scope="col">Assessor</th>
            <th scope="col" className="num">
              Moderated
            </th>
            <th scope="col" className="num">
              Exact agreement
            </th>
            <th scope="col" className="num">
              Kappa, quadratic (95% CI)
            </th>
            <th scope="col" className="num">
              AC1
            </th>
            <th scope="col" className="num">
              AC2, quadratic (95% CI)
            </th>
            <th scope="col" className="num">
              Mean difference
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="cohort-row">
            <th scope="row">Cohort</th>
            <td className="num">{formatNumber(c.cohort.agreement.moderated)}</td>
            <Figures a={c.cohort.agreement} min={min} />
          </tr>
          {c.assessors.map((a) => (
            <tr key={a.assessorRef} data-testid={`agreement-${a.assessorRef}`}>
              <th scope="row">
                <a
                  href={queueHref({ assessor: a.assessorRef, status: 'done' })}
                  title={`Moderated decisions of ${a.assessorName}`}
                >
                  {a.assessorRef}
                </a>{' '}
                <span className="sub-inline">{a.assessorName}</span>
              </th>
              <td className="num">{formatNumber(a.agreement.moderated)}</td>
              <Figures a={a.agreement} min={min} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
