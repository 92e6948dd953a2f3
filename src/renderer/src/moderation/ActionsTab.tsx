import { useEffect, type ReactNode } from 'react';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate, formatNumber, humanise } from '../format';
import type { ActionStatus } from './query';

/** Actions set for assessors across every moderation, open ones first, by due date. */
export function ActionsTab(props: {
  status: ActionStatus;
  assessorRef?: string | undefined;
  onChange: (status: ActionStatus, assessorRef?: string) => void;
  onOpen: (decisionId: number) => void;
}): ReactNode {
  const list = useApi('moderation:list-actions', {
    status: props.status,
    ...(props.assessorRef ? { assessorRef: props.assessorRef } : {}),
    limit: 500,
  });
  useEffect(() => {
    if (!list.loading) emit('actions-loaded');
  }, [list.loading]);
  const data = list.data;
  return (
    <div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter actions">
        <div className="field">
          <label htmlFor="act-status">Actions</label>
          <select
            id="act-status"
            value={props.status}
            onChange={(e) => props.onChange(e.target.value as ActionStatus, props.assessorRef)}
          >
            <option value="open">Open</option>
            <option value="awaiting_acknowledgement">Awaiting acknowledgement</option>
            <option value="acknowledged">Acknowledged, not closed</option>
            <option value="closed">Closed</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="act-assessor">Assessor</label>
          <input
            id="act-assessor"
            defaultValue={props.assessorRef ?? ''}
            size={9}
            placeholder="IA007"
            onBlur={(e) => props.onChange(props.status, e.target.value.trim() || undefined)}
          />
        </div>
      </form>
      {list.error ? <Alert message={list.error.message} onRetry={list.reload} /> : null}
      {!data && list.loading ? <Loading /> : null}
      {data && data.total === 0 ? (
        <EmptyState title="No actions here">
          <p>Actions are set for an assessor when a moderation is saved with them.</p>
        </EmptyState>
      ) : null}
      {data && data.total > 0 ? (
        <>
          <p className="table-summary">{formatNumber(data.total)} action(s).</p>
          <div className="table-wrap">
            <table className="table" data-testid="actions-table">
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <span className="mono">{a.assessorRef}</span>
                      <span className="sub">{a.assessorName}</span>
                    </td>
                    <td>{a.description}</td>
                    <td className={a.overdue ? 'warn-text' : undefined}>
                      {formatDate(a.dueDate)}
                      {a.overdue ? ' (overdue)' : ''}
                    </td>
                    <td>{humanise(a.status)}</td>
                    <td>
                      <a
                        href={`#/moderation?decision=${a.decisionId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          props.onOpen(a.decisionId);
                        }}
                      >
                        {a.decisionRef ?? a.decisionId}
                      </a>
                      <span className="sub">by {a.moderatorName}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
