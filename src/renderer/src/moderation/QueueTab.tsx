import { useState, type ReactNode } from 'react';
import type { QueueFilter, QueueRowDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatNumber } from '../format';
import { hrefFor } from '../routes';
import { useAppStatus } from '../status';
import { Escalations } from './Escalations';
import { QueueFilters } from './QueueFilters';
import { QueueTable } from './QueueTable';
import { SavedViews } from './SavedViews';
import type { QueueSort, QueueSortBy } from './query';
import { useQueuePages } from './useQueuePages';

export function QueueTab(props: {
  filter: QueueFilter;
  sort: QueueSort;
  methods: string[];
  grades: string[];
  onChange: (filter: QueueFilter, sort: QueueSort) => void;
  onOpen: (decisionId: number) => void;
}): ReactNode {
  const { status } = useAppStatus();
  const me = status.user;
  const moderators = useApi('moderation:list-moderators', {});
  const pages = useQueuePages(props.filter, props.sort);
  // The row in focus and the ticked rows belong to one filter and sort: a new one starts afresh.
  const [selection, setSelection] = useState({
    key: pages.key,
    active: 0,
    picked: new Set<number>(),
  });
  const current =
    selection.key === pages.key
      ? selection
      : { key: pages.key, active: 0, picked: new Set<number>() };
  const { active, picked } = current;
  const setActive = (index: number): void => setSelection({ ...current, active: index });
  const setPicked = (next: Set<number>): void => setSelection({ ...current, picked: next });
  const [assignTo, setAssignTo] = useState<string>('me');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);

  const target = (): { id: number | null; name: string } => {
    if (assignTo === 'me' && me) return { id: me.id, name: 'you' };
    if (assignTo === 'nobody') return { id: null, name: 'nobody' };
    const m = moderators.data?.find((x) => String(x.id) === assignTo);
    return { id: m?.id ?? null, name: m?.name ?? 'nobody' };
  };

  const assign = async (itemIds: number[]): Promise<void> => {
    if (itemIds.length === 0) return;
    const to = target();
    setBusy(true);
    setError(null);
    try {
      const result = await call('moderation:assign', { itemIds, moderatorId: to.id });
      setMessage(
        `${formatNumber(result.assigned)} decision${result.assigned === 1 ? '' : 's'} assigned to ${to.name}.`,
      );
      setPicked(new Set());
      pages.refresh();
      emit('queue-assigned');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const assignAll = async (): Promise<void> => {
    const to = target();
    setBusy(true);
    setError(null);
    try {
      const result = await call('moderation:assign-matching', {
        filter: props.filter,
        moderatorId: to.id,
      });
      setMessage(`${formatNumber(result.assigned)} decisions assigned to ${to.name}.`);
      setConfirmAll(false);
      setPicked(new Set());
      pages.refresh();
      emit('queue-assigned');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const togglePick = (row: QueueRowDto): void => {
    const next = new Set(picked);
    if (next.has(row.itemId)) next.delete(row.itemId);
    else next.add(row.itemId);
    setPicked(next);
  };

  const sortBy = (by: QueueSortBy): void => {
    const dir = props.sort.by === by && props.sort.dir === 'asc' ? 'desc' : 'asc';
    props.onChange(props.filter, { by, dir });
  };

  const total = pages.total;
  const filtered = Object.keys(props.filter).some((k) => k !== 'status');
  const to = target();
  return (
    <div className="queue-tab">
      <Escalations />
      <div className="queue-toolbar">
        <SavedViews
          filter={props.filter}
          sort={props.sort}
          onChoose={(v) => props.onChange(v.filter, v.sort)}
        />
      </div>
      <QueueFilters
        key={JSON.stringify(props.filter)}
        filter={props.filter}
        methods={props.methods}
        grades={props.grades}
        moderators={moderators.data ?? []}
        onChange={(f) => props.onChange(f, props.sort)}
      />
      {pages.error ? <Alert message={pages.error} onRetry={pages.refresh} /> : null}
      {error ? <Alert message={error} /> : null}
      {total === null && !pages.error ? <Loading label="Loading the queue…" /> : null}
      {total === 0 ? (
        filtered || props.filter.status !== 'to_do' ? (
          <EmptyState title="Nothing in the queue matches these filters">
            <p>Clear the filters, or choose “All” to include decisions already moderated.</p>
          </EmptyState>
        ) : (
          <EmptyState title="Nothing to moderate" testId="queue-empty">
            <p>
              The queue fills when a sampling plan is published: its sampled decisions wait here for
              moderation. <a href={hrefFor('sampling')}>Go to Sampling</a> to generate and publish a
              plan.
            </p>
          </EmptyState>
        )
      ) : null}
      {total ? (
        <>
          <div className="bulk-bar" aria-live="polite">
            <span className="table-summary" data-testid="queue-count">
              {formatNumber(total)} decision{total === 1 ? '' : 's'}
              {picked.size ? `, ${formatNumber(picked.size)} ticked` : ''}
            </span>
            <label htmlFor="assign-to">Assign to</label>
            <select id="assign-to" value={assignTo} onChange={(e) => setAssignTo(e.target.value)}>
              {me && me.role !== 'read_only' ? <option value="me">Me ({me.name})</option> : null}
              {(moderators.data ?? [])
                .filter((m) => m.id !== me?.id)
                .map((m) => (
                  <option key={m.id} value={String(m.id)}>
                    {m.name}
                  </option>
                ))}
              <option value="nobody">Nobody (unassign)</option>
            </select>
            <button
              type="button"
              className="button secondary"
              disabled={busy || picked.size === 0}
              onClick={() => void assign([...picked])}
            >
              Assign {picked.size ? formatNumber(picked.size) : ''} ticked
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() => setConfirmAll(true)}
            >
              Assign all {formatNumber(total)}
            </button>
            {message ? (
              <span className="success" data-testid="queue-message">
                {message}
              </span>
            ) : null}
          </div>
          <p className="keys-hint muted small">
            In the list: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>x</kbd> ticks,{' '}
            <kbd>a</kbd> assigns the row (or the ticked rows) to {to.name}. Click a heading to sort.
          </p>
          <QueueTable
            total={total}
            rowAt={pages.rowAt}
            ensure={pages.ensure}
            sort={props.sort}
            onSort={sortBy}
            active={active}
            onActive={setActive}
            picked={picked}
            onPick={togglePick}
            onOpen={(row) => props.onOpen(row.decisionId)}
            onAssignKey={(row) => void assign(picked.size ? [...picked] : [row.itemId])}
          />
        </>
      ) : null}
      {confirmAll && total ? (
        <Dialog
          title={`Assign all ${formatNumber(total)} decisions?`}
          confirmLabel={`Assign ${formatNumber(total)} to ${to.name}`}
          onConfirm={() => void assignAll()}
          onCancel={() => setConfirmAll(false)}
          busy={busy}
          testId="assign-all-dialog"
        >
          <p>
            Every decision matching the filters now applied goes to {to.name}, replacing any
            moderator already assigned.
          </p>
        </Dialog>
      ) : null}
    </div>
  );
}
