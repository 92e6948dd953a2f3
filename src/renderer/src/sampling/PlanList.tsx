import type { ReactNode } from 'react';
import type { PlanSummaryDto } from '@shared/contract';
import { formatDate, formatNumber, formatPercent } from '../format';
import { hashFor } from '../routes';

/** Every plan, newest first: its period, standards, status and how far moderation has got. */
export function PlanList(props: { plans: PlanSummaryDto[]; total: number }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="plans-table">
        <caption className="visually-hidden">Sampling plans, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Period</th>
            <th scope="col">Standards</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              In scope
            </th>
            <th scope="col" className="num">
              Sampled
            </th>
            <th scope="col" className="num">
              Coverage
            </th>
            <th scope="col" className="num">
              Moderated
            </th>
          </tr>
        </thead>
        <tbody>
          {props.plans.map((p) => (
            <tr key={p.id} data-testid="plan-row">
              <td>
                <a href={hashFor('sampling', { plan: p.id })}>{p.title}</a>
              </td>
              <td className="nowrap">
                {formatDate(p.from)} – {formatDate(p.to)}
              </td>
              <td>{p.standards.join(', ')}</td>
              <td>
                <span className={`pill plan-${p.status}`}>
                  {p.status === 'draft' ? 'Draft' : 'Published'}
                </span>
              </td>
              <td className="num">{formatNumber(p.totals.decisions)}</td>
              <td className="num">{formatNumber(p.totals.sampled)}</td>
              <td className="num">
                {p.totals.decisions ? formatPercent(p.totals.sampled / p.totals.decisions) : '—'}
              </td>
              <td className="num">
                {p.status === 'published'
                  ? `${formatNumber(p.totals.moderated)} of ${formatNumber(p.totals.sampled)}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.total > props.plans.length ? (
        <p className="muted small">
          The newest {props.plans.length} of {formatNumber(props.total)} plans.
        </p>
      ) : null}
    </div>
  );
}
