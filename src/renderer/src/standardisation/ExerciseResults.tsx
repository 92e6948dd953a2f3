import type { ReactNode } from 'react';
import type { ExerciseResultDto } from '@shared/contract';
import type { StandardisationPolicy } from '@shared/standardisation';
import { gradeColour } from '../colours';
import { leaningText, num, pct, StatText } from './pills';

/** Agreement with the agreed grades: each participant, each item, and the group; who to follow up. */
export function ExerciseResults(props: {
  results: ExerciseResultDto;
  policy?: Pick<StandardisationPolicy, 'agreementTarget' | 'minItemsForKappa'>;
}): ReactNode {
  const r = props.results;
  const g = r.group;
  const followUp = r.assessors.filter((a) => a.followUp.length > 0);
  return (
    <div className="exercise-results" data-testid="exercise-results">
      <p data-testid="group-agreement">
        <strong>Group:</strong> {g.participants} graded, {g.pairs} grades. Matched the agreed grade{' '}
        <strong>{pct(g.exact)}</strong>; weighted kappa <StatText stat={g.kappa} />; Gwet’s AC2{' '}
        <StatText stat={g.ac} />; overall {leaningText(g.meanDifference)}.
      </p>
      {followUp.length > 0 ? (
        <div className="follow-up" role="note" data-testid="follow-up">
          <strong>Follow up with {followUp.length}:</strong>
          <ul>
            {followUp.map((a) => (
              <li key={a.assessorId}>
                {a.ref} {a.name}: {a.followUp.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : g.pairs > 0 ? (
        <p className="success">Everyone who graded met the agreement targets.</p>
      ) : null}
      <div className="table-wrap">
        <table className="table compact" data-testid="agreement-table">
          <caption className="visually-hidden">
            Agreement with the agreed grades, by participant
          </caption>
          <thead>
            <tr>
              <th scope="col">Ref</th>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Graded
              </th>
              <th scope="col" className="num">
                Matched
              </th>
              <th scope="col" className="num">
                Exact
              </th>
              <th scope="col">Weighted kappa (95% CI)</th>
              <th scope="col">Leaning</th>
              <th scope="col" className="num">
                Criteria
              </th>
            </tr>
          </thead>
          <tbody>
            {r.assessors.map((a) => (
              <tr key={a.assessorId} className={a.followUp.length > 0 ? 'attention' : undefined}>
                <td className="mono">{a.ref}</td>
                <td>{a.name}</td>
                <td className="num">{a.items}</td>
                <td className="num">
                  {a.matches}
                  {a.distant > 0 ? (
                    <span className="warn-text" title="Two or more grades out">
                      {' '}
                      ({a.distant} far)
                    </span>
                  ) : null}
                </td>
                <td className="num">{pct(a.exact)}</td>
                <td>
                  <StatText stat={a.kappa} />
                </td>
                <td>{leaningText(a.meanDifference)}</td>
                <td className="num">
                  {a.criteriaJudged ? `${a.criteriaAgreed}/${a.criteriaJudged}` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Spread of grades on each item</h4>
      <div className="table-wrap">
        <table className="table compact narrow" data-testid="item-spread">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Agreed</th>
              {r.grades.map((grade) => (
                <th scope="col" className="num" key={grade}>
                  {grade}
                </th>
              ))}
              <th scope="col" className="num">
                Matched
              </th>
              <th scope="col" className="num" title="Standard deviation in grade steps">
                Spread (SD)
              </th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((i) => (
              <tr key={i.itemId}>
                <td>{i.label}</td>
                <td>{i.agreedGrade}</td>
                {r.grades.map((grade, k) => (
                  <td className="num" key={grade}>
                    <span
                      className={grade === i.agreedGrade ? 'agreed-count' : undefined}
                      style={
                        grade === i.agreedGrade ? { borderColor: gradeColour(grade, k) } : undefined
                      }
                    >
                      {i.counts[grade] ?? 0}
                    </span>
                  </td>
                ))}
                <td className="num">{pct(i.exact)}</td>
                <td className="num">{num(i.sd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.policy ? (
        <p className="muted small">
          Follow-up when fewer than {pct(props.policy.agreementTarget)} of grades match, any grade
          is two or more grades out, or (with at least {props.policy.minItemsForKappa} items) kappa
          is below target.
        </p>
      ) : null}
    </div>
  );
}
