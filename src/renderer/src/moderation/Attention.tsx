import type { ReactNode } from 'react';
import { useApi } from '../api/useApi';
import { formatDate, formatNumber } from '../format';
import { hashFor } from '../routes';
import { useLabels } from '../status';
import { Escalations, ImportNotices } from './Escalations';
import './moderation.css';

/**
 * For the dashboard: escalations and notices from imports the IQA lead has not read, and the EPAs at risk of missing the
 * confirmation target, each linking into the Moderation page. Shows nothing when all is well.
 */
export function Attention(): ReactNode {
  const labels = useLabels();
  const atRisk = useApi('epas:list', {
    status: 'awaiting_confirmation',
    atRiskOnly: true,
    limit: 3,
  });
  const data = atRisk.data;
  return (
    <div className="attention" data-testid="attention">
      <Escalations show={3} />
      <ImportNotices show={3} />
      {data && data.total > 0 ? (
        <section className="at-risk" aria-labelledby="at-risk-title" data-testid="at-risk">
          <h2 id="at-risk-title">
            {formatNumber(data.total)} {labels.epaShort}
            {data.total === 1 ? '' : 's'} past or close to the {data.targetWorkingDays}-working-day
            confirmation target
          </h2>
          <ul>
            {data.rows.map((e) => (
              <li key={e.id}>
                {e.apprentice} ({e.standard}): {e.workingDaysElapsed} of {e.targetWorkingDays}{' '}
                working days since {formatDate(e.lastAssessmentDate)}
                {e.heldDecisions ? `, ${e.heldDecisions} decision(s) not yet released` : ''}
              </li>
            ))}
          </ul>
          <a
            href={hashFor('moderation', {
              tab: 'epas',
              status: 'awaiting_confirmation',
              atRisk: true,
            })}
          >
            Show all {formatNumber(data.total)}
          </a>
        </section>
      ) : null}
    </div>
  );
}
