import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { KIND_NOUN, STATUS_LABELS } from '@shared/appeals';
import type { QueueRowDto } from '@shared/contract';
import { formatDate, formatNumber } from '../format';
import { localToday } from '../appeals/util';
import type { QueueSort, QueueSortBy } from './query';

const ROW_HEIGHT = 34;

const COLUMNS: { id: string; label: string; sort?: QueueSortBy; className?: string }[] = [
  { id: 'pick', label: '' },
  { id: 'date', label: 'Assessed', sort: 'date' },
  { id: 'ref', label: 'Decision' },
  { id: 'apprentice', label: 'Apprentice' },
  { id: 'assessor', label: 'Assessor', sort: 'assessor' },
  { id: 'method', label: 'Method', sort: 'method' },
  { id: 'grade', label: 'Grade', sort: 'grade' },
  { id: 'due', label: 'Due', sort: 'due' },
  { id: 'moderator', label: 'Moderator' },
  { id: 'status', label: 'Status', sort: 'status' },
  { id: 'reasons', label: 'Why sampled' },
];

/** Shorter words for the reasons, so the column says why at a glance; the title has them all. */
function reasonSummary(reasons: string[]): string {
  return reasons
    .map((r) =>
      r.startsWith('compliance flag')
        ? 'flag'
        : r.startsWith('risk uplift')
          ? 'risk'
          : r.startsWith('spread')
            ? 'spread'
            : r.startsWith('added by')
              ? 'added by hand'
              : r.startsWith('moderation record')
                ? ''
                : r.replace(' weighting', ''),
    )
    .filter((r, i, all) => r && all.indexOf(r) === i)
    .join(', ');
}

/** Why a to-do item cannot be moderated yet, in the words the record screen uses. */
function appealNote(a: NonNullable<QueueRowDto['openAppeal']>): string {
  const word = KIND_NOUN[a.kind];
  return `${a.kind === 'enquiry' ? 'Enquiry about results' : 'Appeal'} ${a.ref} is open, with the status ${STATUS_LABELS[a.status].toLowerCase()}: the grade is for the ${word} to decide, so moderate this decision once it is decided or withdrawn.`;
}

/**
 * The queue as an ARIA grid that renders only the rows in view (TanStack Virtual), asking for
 * pages as they scroll into view. Keys while it has focus: j/k or the arrows move, Enter opens,
 * x ticks the row for a bulk action, a assigns (see the page), Home/End jump.
 */
export function QueueTable(props: {
  total: number;
  rowAt: (index: number) => QueueRowDto | undefined;
  ensure: (first: number, last: number) => void;
  sort: QueueSort;
  onSort: (by: QueueSortBy) => void;
  active: number;
  onActive: (index: number) => void;
  picked: ReadonlySet<number>;
  onPick: (row: QueueRowDto) => void;
  onOpen: (row: QueueRowDto) => void;
  onAssignKey: (row: QueueRowDto) => void;
}): ReactNode {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The compiler cannot memoise around TanStack Virtual; this component passes nothing memoised
  // that depends on it, which is what the warning is about.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: props.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Until the grid is measured (and where nothing measures, as in tests): about a screenful.
    initialRect: { width: 1100, height: 420 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const { ensure } = props;
  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last]);

  const move = (to: number): void => {
    const index = Math.max(0, Math.min(props.total - 1, to));
    props.onActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const row = props.rowAt(props.active);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 340) / ROW_HEIGHT));
    const keys: Record<string, () => void> = {
      j: () => move(props.active + 1),
      ArrowDown: () => move(props.active + 1),
      k: () => move(props.active - 1),
      ArrowUp: () => move(props.active - 1),
      PageDown: () => move(props.active + page),
      PageUp: () => move(props.active - page),
      Home: () => move(0),
      End: () => move(props.total - 1),
      Enter: () => row && props.onOpen(row),
      x: () => row && props.onPick(row),
      ' ': () => row && props.onPick(row),
      a: () => row && props.onAssignKey(row),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const today = localToday();
  const activeRow = props.rowAt(props.active);
  return (
    <div
      ref={scrollRef}
      className="queue-scroll"
      role="grid"
      aria-label="Moderation queue"
      aria-rowcount={props.total + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeRow ? `queue-row-${activeRow.itemId}` : undefined}
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="queue-grid"
    >
      <div className="queue-row queue-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => {
          const sorted = c.sort && props.sort.by === c.sort;
          return (
            <div
              key={c.id}
              role="columnheader"
              className={`queue-cell col-${c.id}`}
              aria-sort={
                sorted ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
              }
            >
              {c.sort ? (
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => props.onSort(c.sort as QueueSortBy)}
                  title={`Sort by ${c.label.toLowerCase()}`}
                  tabIndex={-1}
                >
                  {c.label}
                  <span aria-hidden="true" className="sort-mark">
                    {sorted ? (props.sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                c.label
              )}
            </div>
          );
        })}
      </div>
      <div className="queue-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = props.rowAt(item.index);
          const active = item.index === props.active;
          const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
          if (!row) {
            return (
              <div
                key={item.key}
                className="queue-row loading-row"
                role="row"
                aria-rowindex={item.index + 2}
                style={style}
              >
                <div className="queue-cell" role="gridcell">
                  Loading row {formatNumber(item.index + 1)}…
                </div>
              </div>
            );
          }
          const picked = props.picked.has(row.itemId);
          const overdue = row.status === 'to_do' && row.dueDate !== null && row.dueDate < today;
          return (
            <div
              key={item.key}
              id={`queue-row-${row.itemId}`}
              className={`queue-row${active ? ' active' : ''}${picked ? ' picked' : ''}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={picked}
              style={style}
              data-testid="queue-row"
              onClick={() => props.onActive(item.index)}
              onDoubleClick={() => props.onOpen(row)}
            >
              <div className="queue-cell col-pick" role="gridcell">
                <input
                  type="checkbox"
                  checked={picked}
                  onChange={() => props.onPick(row)}
                  aria-label={`Select ${row.decisionRef ?? row.decisionId}`}
                  tabIndex={-1}
                />
              </div>
              <div className="queue-cell col-date" role="gridcell">
                {formatDate(row.assessmentDate)}
              </div>
              <div className="queue-cell col-ref mono" role="gridcell">
                <a
                  href={`#/moderation?decision=${row.decisionId}`}
                  tabIndex={-1}
                  onClick={(e) => {
                    e.preventDefault();
                    props.onOpen(row);
                  }}
                >
                  {row.decisionRef ?? row.decisionId}
                </a>
              </div>
              <div className="queue-cell col-apprentice" role="gridcell" title={row.uln}>
                {row.apprentice}
              </div>
              <div className="queue-cell col-assessor mono" role="gridcell">
                {row.assessorRef}
              </div>
              <div className="queue-cell col-method" role="gridcell">
                {row.method}
                {row.attempt > 1 ? <span className="muted"> (re-sit)</span> : null}
              </div>
              <div className="queue-cell col-grade" role="gridcell">
                {row.grade}
                {row.moderatedGrade && row.moderatedGrade !== row.grade ? (
                  <span className="muted"> → {row.moderatedGrade}</span>
                ) : null}
              </div>
              <div
                className={`queue-cell col-due${overdue ? ' overdue' : ''}`}
                role="gridcell"
                title={overdue ? 'Overdue' : undefined}
              >
                {formatDate(row.dueDate)}
                {overdue ? <span className="visually-hidden"> (overdue)</span> : null}
              </div>
              <div className="queue-cell col-moderator" role="gridcell">
                {row.moderator ?? <span className="muted">Unassigned</span>}
              </div>
              {row.openAppeal ? (
                <div
                  className="queue-cell col-status"
                  role="gridcell"
                  title={appealNote(row.openAppeal)}
                  data-testid="queue-appeal"
                >
                  <span className="pill status-appeal">
                    {row.openAppeal.kind === 'enquiry' ? 'Enquiry' : 'Appeal'}
                  </span>
                  <span className="visually-hidden"> {appealNote(row.openAppeal)}</span>
                </div>
              ) : (
                <div className="queue-cell col-status" role="gridcell">
                  <span className={`pill status-${row.status}`}>
                    {row.status === 'done' ? 'Done' : 'To do'}
                  </span>
                </div>
              )}
              <div
                className="queue-cell col-reasons"
                role="gridcell"
                title={row.reasons.join('\n')}
              >
                {reasonSummary(row.reasons)}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
