import { useEffect, useState, type ReactNode } from 'react';
import type { PlanDto, PlanItemDto, ScopeChoiceDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate, formatNumber } from '../format';
import { Pager } from '../components/Pager';

const PAGE = 100;

function RemoveDialog(props: {
  plan: PlanDto;
  item: PlanItemDto;
  onDone: (plan: PlanDto) => void;
  onCancel: () => void;
}): ReactNode {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const plan = await call('sampling:remove-item', {
        planId: props.plan.id,
        decisionId: props.item.decisionId,
        reason: reason.trim(),
      });
      emit('item-removed');
      props.onDone(plan);
    } catch (e) {
      setError(messageOf(e));
      emit('item-remove-refused');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Remove ${props.item.decisionRef ?? props.item.decisionId} from the sample?`}
      confirmLabel="Remove from the sample"
      danger
      onConfirm={() => void remove()}
      onCancel={props.onCancel}
      busy={busy}
      confirmDisabled={reason.trim().length < 3}
      testId="remove-dialog"
    >
      <p>
        {props.item.assessorRef}, {props.item.method} {props.item.grade}, assessed{' '}
        {formatDate(props.item.assessmentDate)}. Sampled because: {props.item.reasons.join('; ')}.
      </p>
      {props.plan.status === 'published' ? (
        <p>The plan is published: the decision will be released from the hold.</p>
      ) : null}
      <div className="field">
        <label htmlFor="remove-reason">Reason (kept with the plan and shown by Verify)</label>
        <input id="remove-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {error ? (
        <p className="form-error-inline" role="alert" data-testid="remove-refused">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

export function AddDialog(props: {
  plan: PlanDto;
  onDone: (plan: PlanDto) => void;
  onCancel: () => void;
}): ReactNode {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ScopeChoiceDto[] | null>(null);
  const [choice, setChoice] = useState<ScopeChoiceDto | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async (): Promise<void> => {
    setError(null);
    try {
      setResults(await call('sampling:search-scope', { planId: props.plan.id, query, limit: 25 }));
      emit('scope-searched');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const add = async (): Promise<void> => {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      const plan = await call('sampling:add-item', {
        planId: props.plan.id,
        decisionRef: choice.decisionRef ?? String(choice.decisionId),
        reason: reason.trim(),
      });
      emit('item-added');
      props.onDone(plan);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Add a decision to the sample"
      confirmLabel="Add to the sample"
      onConfirm={() => void add()}
      onCancel={props.onCancel}
      busy={busy}
      confirmDisabled={!choice || reason.trim().length < 3}
      testId="add-dialog"
    >
      <p className="muted small">
        Any decision in this plan’s scope not already sampled. It counts towards its assessor’s
        target.
      </p>
      <div className="row">
        <div className="field grow">
          <label htmlFor="add-search">Decision, ULN, apprentice or assessor</label>
          <input
            id="add-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
          />
        </div>
        <button type="button" className="button secondary" onClick={() => void search()}>
          Search
        </button>
      </div>
      {results !== null ? (
        results.length ? (
          <ul className="choices-list" data-testid="add-results">
            {results.map((r) => (
              <li key={r.decisionId}>
                <label className="radio">
                  <input
                    type="radio"
                    name="add-choice"
                    checked={choice?.decisionId === r.decisionId}
                    onChange={() => setChoice(r)}
                    disabled={r.confirmed}
                  />
                  <span className="mono">{r.decisionRef ?? r.decisionId}</span> {r.assessorRef}{' '}
                  {r.method} {r.grade}, {formatDate(r.assessmentDate)}
                  {r.flags.length ? <span className="warn-text"> · flagged</span> : null}
                  {r.confirmed ? <span className="muted"> · EPA confirmed</span> : null}
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nothing in scope matches.</p>
        )
      ) : null}
      <div className="field">
        <label htmlFor="add-reason">Reason</label>
        <input
          id="add-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. employer complaint about this assessment"
        />
      </div>
      {error ? (
        <p className="form-error-inline" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

/** The sampled items with why each was chosen, a page at a time, each removable with a reason. */
export function PlanItems(props: {
  plan: PlanDto;
  assessorId: number | null;
  onChange: (plan: PlanDto) => void;
}): ReactNode {
  const [offset, setOffset] = useState(0);
  const [removing, setRemoving] = useState<PlanItemDto | null>(null);
  const items = useApi(
    'sampling:list-items',
    {
      planId: props.plan.id,
      ...(props.assessorId ? { assessorId: props.assessorId } : {}),
      includeRemoved: true,
      limit: PAGE,
      offset,
    },
    [props.plan.totals.sampled, props.plan.status],
  );
  useEffect(() => {
    if (!items.loading) emit('plan-items-loaded');
  }, [items.loading]);
  const data = items.data;
  return (
    <>
      {items.error ? <Alert message={items.error.message} onRetry={items.reload} /> : null}
      {!data && items.loading ? <Loading /> : null}
      {data ? (
        <>
          <div className="table-wrap items-wrap">
            <table className="table compact" data-testid="plan-items">
              <thead>
                <tr>
                  <th scope="col">Decision</th>
                  <th scope="col">Assessor</th>
                  <th scope="col">Method</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Assessed</th>
                  <th scope="col">Employer</th>
                  <th scope="col">Why</th>
                  <th scope="col">
                    <span className="visually-hidden">Change</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((i) => (
                  <tr
                    key={i.itemId}
                    className={i.removed ? 'removed' : undefined}
                    data-testid="plan-item"
                  >
                    <td className="mono nowrap">
                      {i.moderated ? (
                        <a href={`#/moderation?decision=${i.decisionId}`}>
                          {i.decisionRef ?? i.decisionId}
                        </a>
                      ) : (
                        (i.decisionRef ?? i.decisionId)
                      )}
                    </td>
                    <td className="mono">{i.assessorRef}</td>
                    <td>
                      {i.method}
                      {i.attempt > 1 ? ` (${i.attempt})` : ''}
                    </td>
                    <td>{i.grade}</td>
                    <td className="nowrap">{formatDate(i.assessmentDate)}</td>
                    <td className="employer">{i.employer ?? '—'}</td>
                    <td className="why-cell">
                      {i.removed ? (
                        <span className="muted">Removed: {i.removedReason}</span>
                      ) : (
                        i.reasons.join('; ')
                      )}
                    </td>
                    <td className="nowrap">
                      {!i.removed && !i.moderated ? (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setRemoving(i)}
                          aria-label={`Remove ${i.decisionRef ?? i.decisionId}`}
                        >
                          Remove
                        </button>
                      ) : i.moderated ? (
                        <span className="muted">Moderated</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-footer">
            <span className="muted">
              {data.total === 0
                ? 'No items.'
                : `Items ${formatNumber(offset + 1)}–${formatNumber(Math.min(offset + PAGE, data.total))} of ${formatNumber(data.total)} (removed ones included, struck through).`}
            </span>
            <Pager offset={offset} pageSize={PAGE} total={data.total} onChange={setOffset} />
          </div>
        </>
      ) : null}
      {removing ? (
        <RemoveDialog
          plan={props.plan}
          item={removing}
          onCancel={() => setRemoving(null)}
          onDone={(plan) => {
            setRemoving(null);
            props.onChange(plan);
          }}
        />
      ) : null}
    </>
  );
}
