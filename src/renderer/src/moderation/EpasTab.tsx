import { useEffect, useState, type ReactNode } from 'react';
import type { EpaRowDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate, formatNumber, humanise } from '../format';
import { useAppStatus, useLabels } from '../status';
import type { EpaFilter, EpaStatus } from './query';
import { Pager } from '../components/Pager';

const PAGE = 200;

function Clock(props: { epa: EpaRowDto }): ReactNode {
  const e = props.epa;
  if (e.workingDaysElapsed === null) return <span className="muted">—</span>;
  const over = e.workingDaysElapsed > e.targetWorkingDays;
  const tone = e.status === 'confirmed' ? (over ? 'late' : 'ok') : e.atRisk ? 'risk' : 'ok';
  const words =
    e.status === 'confirmed'
      ? over
        ? ' · late'
        : ''
      : over
        ? ' · overdue'
        : e.atRisk
          ? ' · at risk'
          : '';
  return (
    <span className={`clock clock-${tone}`} title={e.calendarWarning ?? undefined}>
      {e.workingDaysElapsed} of {e.targetWorkingDays}
      {words}
      {e.calendarWarning ? ' *' : ''}
    </span>
  );
}

/**
 * EPAs and the grade hold: working days from the last assessment against the confirmation
 * target, what is still held, and Confirm, which the app refuses with its reason while any
 * method decision is held or sampled.
 */
export function EpasTab(props: { filter: EpaFilter; onChange: (f: EpaFilter) => void }): ReactNode {
  const labels = useLabels();
  const { status } = useAppStatus();
  const [offset, setOffset] = useState(0);
  const list = useApi(
    'epas:list',
    {
      ...(props.filter.status ? { status: props.filter.status } : {}),
      atRiskOnly: props.filter.atRisk,
      offset,
      limit: PAGE,
    },
    [],
  );
  const [outcome, setOutcome] = useState<Record<number, { ok: boolean; text: string }>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const filterKey = JSON.stringify(props.filter);
  useEffect(() => setOffset(0), [filterKey]);
  useEffect(() => {
    if (!list.loading) emit('epas-loaded');
  }, [list.loading]);

  const confirm = async (epa: EpaRowDto): Promise<void> => {
    setBusy(epa.id);
    try {
      const done = await call('epas:confirm', { epaId: epa.id });
      setOutcome((o) => ({
        ...o,
        [epa.id]: { ok: true, text: `Confirmed: overall ${done.overallGrade ?? '—'}.` },
      }));
      emit('epa-confirmed');
      list.reload();
    } catch (e) {
      setOutcome((o) => ({ ...o, [epa.id]: { ok: false, text: messageOf(e) } }));
      emit('epa-refused');
    } finally {
      setBusy(null);
    }
  };

  const data = list.data;
  return (
    <div>
      <form
        className="filters"
        aria-label={`Filter ${labels.epaShort}s`}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="e-status">Status</label>
          <select
            id="e-status"
            value={props.filter.status ?? ''}
            onChange={(e) =>
              props.onChange({
                ...props.filter,
                status: (e.target.value || undefined) as EpaStatus | undefined,
              })
            }
          >
            <option value="">Any</option>
            <option value="in_progress">In progress</option>
            <option value="awaiting_confirmation">Awaiting confirmation</option>
            <option value="confirmed">Confirmed</option>
          </select>
        </div>
        <div className="field checkbox">
          <input
            id="e-risk"
            type="checkbox"
            checked={props.filter.atRisk}
            onChange={(e) => props.onChange({ ...props.filter, atRisk: e.target.checked })}
          />
          <label htmlFor="e-risk">At risk of missing the target only</label>
        </div>
        {data ? (
          <p className="muted small filters-note">
            Target: confirmed within {data.targetWorkingDays} working days of the last assessment
            (weekends and England and Wales bank holidays excluded).
          </p>
        ) : null}
      </form>
      {list.error ? <Alert message={list.error.message} onRetry={list.reload} /> : null}
      {!data && list.loading ? <Loading /> : null}
      {data && data.total === 0 ? (
        <EmptyState title={`No ${labels.epaShort}s match`}>
          <p>
            {props.filter.atRisk
              ? `None is at risk of missing the ${data.targetWorkingDays}-day target.`
              : 'Clear the filters to see them all.'}
          </p>
        </EmptyState>
      ) : null}
      {data && data.total > 0 ? (
        <>
          <p className="table-summary" data-testid="epas-count">
            {formatNumber(data.total)} {labels.epaShort}
            {data.total === 1 ? '' : 's'}
            {data.total > PAGE
              ? `; showing ${formatNumber(offset + 1)}–${formatNumber(Math.min(offset + PAGE, data.total))}`
              : ''}
            , oldest last assessment first.
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="epas-table">
              <thead>
                <tr>
                  <th scope="col">Apprentice</th>
                  <th scope="col">Standard</th>
                  <th scope="col">Last assessed</th>
                  <th scope="col">Working days</th>
                  <th scope="col">Due</th>
                  <th scope="col">Hold</th>
                  <th scope="col">Overall</th>
                  <th scope="col">Status</th>
                  <th scope="col">Confirm</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((e) => (
                  <tr key={e.id} data-testid="epa-row">
                    <td>
                      {e.apprentice} <span className="sub mono">{e.uln}</span>
                    </td>
                    <td className="nowrap">
                      {e.standard} v{e.version}
                    </td>
                    <td>{formatDate(e.lastAssessmentDate)}</td>
                    <td>
                      <Clock epa={e} />
                    </td>
                    <td>{formatDate(e.dueDate)}</td>
                    <td>
                      {e.heldDecisions ? (
                        <span className="warn-text">{e.heldDecisions} not released</span>
                      ) : (
                        <span className="muted">All released</span>
                      )}
                    </td>
                    <td>{e.overallGrade ?? '—'}</td>
                    <td>
                      {humanise(e.status)}
                      {e.confirmedAt ? (
                        <span className="sub">
                          {formatDate(e.confirmedAt)} by {e.confirmedBy}
                        </span>
                      ) : null}
                    </td>
                    <td className="confirm-cell">
                      {e.status === 'awaiting_confirmation' && status.user?.role !== 'read_only' ? (
                        <button
                          type="button"
                          className="button secondary"
                          disabled={busy === e.id}
                          onClick={() => void confirm(e)}
                        >
                          Confirm
                        </button>
                      ) : null}
                      {outcome[e.id] ? (
                        <p
                          className={outcome[e.id]!.ok ? 'success' : 'refused-text'}
                          role={outcome[e.id]!.ok ? 'status' : 'alert'}
                          data-testid="confirm-outcome"
                        >
                          {outcome[e.id]!.text}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.total > PAGE ? (
            <div className="table-footer">
              <Pager offset={offset} pageSize={PAGE} total={data.total} onChange={setOffset} />
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
