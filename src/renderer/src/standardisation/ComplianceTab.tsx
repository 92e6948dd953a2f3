import { useEffect, useState, type ReactNode } from 'react';
import { COMPLIANCE_LABELS, COMPLIANCE_STATUSES } from '@shared/standardisation';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { StatCard } from '../components/StatCard';
import { usePageLoaded } from '../components/Page';
import { emit } from '../e2e';
import { downloadBase64 } from '../files';
import { formatDate } from '../format';
import { localToday } from '../appeals/util';
import { capitalise, useAppStatus } from '../status';
import { CompliancePill, EligibilityPill, dueText } from './pills';
import { PolicyPanel } from './PolicyPanel';

/** Who is due and who is overdue, on any date, with the list to send invitations from. */
export function ComplianceTab(): ReactNode {
  const { status, labels } = useAppStatus();
  const [at, setAt] = useState(localToday());
  const [attentionOnly, setAttentionOnly] = useState(true);
  const view = useApi('standardisation:compliance', { at, attentionOnly }, [at, attentionOnly]);
  const [error, setError] = useState<string | null>(null);
  const v = view.data;

  usePageLoaded('assessors', view.data !== undefined || view.error !== null, view.error !== null);
  useEffect(() => {
    if (v !== undefined) emit('standardisation-loaded:compliance');
  }, [v]);

  async function exportCsv(): Promise<void> {
    setError(null);
    try {
      const file = await call('standardisation:export-compliance', { at, attentionOnly });
      downloadBase64(file.fileName, file.base64, 'text/csv');
      emit('compliance-exported');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <>
      {v ? (
        <PolicyPanel
          key={JSON.stringify(v.policy)}
          policy={v.policy}
          canEdit={status.user?.role === 'iqa_lead'}
          onSaved={view.reload}
        />
      ) : null}
      <div className="filters">
        <div className="field">
          <label htmlFor="compliance-at">As at</label>
          <input
            id="compliance-at"
            type="date"
            value={at}
            onChange={(e) => e.target.value && setAt(e.target.value)}
          />
        </div>
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={attentionOnly}
            onChange={(e) => setAttentionOnly(e.target.checked)}
          />
          Only those needing attention (due soon, overdue, never attended)
        </label>
        <button type="button" className="button secondary" onClick={() => void exportCsv()}>
          Export CSV for invitations
        </button>
      </div>
      {error ? <Alert message={error} /> : null}
      {view.error ? <Alert message={view.error.message} onRetry={view.reload} /> : null}
      {!v && !view.error ? <Loading /> : null}
      {v ? (
        <>
          <div className="stat-cards compliance-cards" data-testid="compliance-counts">
            {COMPLIANCE_STATUSES.map((s) => (
              <StatCard
                key={s}
                label={COMPLIANCE_LABELS[s]}
                value={v.counts[s] ?? 0}
                tone={s === 'compliant' || (v.counts[s] ?? 0) === 0 ? 'default' : 'warn'}
                testId={`count-${s}`}
              />
            ))}
          </div>
          <p className="table-summary">
            Active {labels.assessor}s on {formatDate(v.at)}
            {v.notRequired > 0 ? `; ${v.notRequired} suspended or left are not chased` : ''}.{' '}
            {v.nextEvent ? (
              <>
                Next event: <strong>{v.nextEvent.title}</strong> on {formatDate(v.nextEvent.date)}.
              </>
            ) : (
              <>No event is planned after this date.</>
            )}
          </p>
          {v.rows.length === 0 ? (
            <EmptyState
              title={attentionOnly ? `Everyone is in date` : `No active ${labels.assessor}s`}
            >
              <p>
                {attentionOnly
                  ? `Every active ${labels.assessor} has been standardised within the last ${v.policy.windowMonths} months on the versions they assess.`
                  : `Add ${labels.assessor}s on the Register tab or import them.`}
              </p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="compliance-table">
                <caption className="visually-hidden">
                  {capitalise(labels.standardisation)} due and overdue
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ref</th>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last attended</th>
                    <th scope="col">Due</th>
                    <th scope="col">By standard version</th>
                    <th scope="col">Eligibility</th>
                  </tr>
                </thead>
                <tbody>
                  {v.rows.map((r) => (
                    <tr key={r.assessorId} data-testid={`compliance-row-${r.ref}`}>
                      <td className="mono">{r.ref}</td>
                      <td>
                        {r.name}
                        {r.email ? <span className="sub">{r.email}</span> : null}
                      </td>
                      <td>
                        <CompliancePill status={r.status} />
                      </td>
                      <td className="nowrap">{formatDate(r.lastAttended)}</td>
                      <td>{dueText(r.dueBy, r.daysToDue)}</td>
                      <td className="small">
                        {r.targets.length === 0 ? (
                          <span className="muted">No approved standard versions</span>
                        ) : (
                          r.targets.map((t) => (
                            <span key={t.standard} className="sub">
                              {t.description}
                            </span>
                          ))
                        )}
                      </td>
                      <td>
                        <EligibilityPill state={r.eligibility} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
