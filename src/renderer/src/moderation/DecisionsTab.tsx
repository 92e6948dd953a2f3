import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { DecisionFilter, DecisionRowDto, OutputOf } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate, formatNumber, humanise } from '../format';

const PAGE_SIZE = 200;
type Cursor = OutputOf<'decisions:list'>['next'];

const FIELDS: { key: keyof DecisionFilter; label: string; placeholder?: string; size?: number }[] =
  [
    { key: 'assessorRef', label: 'Assessor', placeholder: 'IA007', size: 8 },
    { key: 'standard', label: 'Standard', placeholder: 'ST0071', size: 8 },
    { key: 'version', label: 'Version', placeholder: '1.1', size: 4 },
    { key: 'provider', label: 'Provider UKPRN', placeholder: '10012345', size: 9 },
    { key: 'employer', label: 'Employer', size: 16 },
  ];

/** The filters that are one checkbox each. */
const CHECKBOXES = [
  ['flagged', 'Flagged only'],
  ['unmoderated', 'Not moderated'],
] as const;

function FilterForm(props: {
  filter: DecisionFilter;
  methods: string[];
  grades: string[];
  onChange: (f: DecisionFilter) => void;
}): ReactNode {
  // Keyed by the applied filter (below), so a link or Clear starts the draft afresh.
  const [draft, setDraft] = useState<DecisionFilter>(props.filter);
  const set = (patch: Partial<DecisionFilter>, apply = false): void => {
    const next = Object.fromEntries(
      Object.entries({ ...draft, ...patch }).filter(([, v]) => v !== '' && v !== undefined),
    ) as DecisionFilter;
    setDraft(next);
    if (apply) props.onChange(next);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    props.onChange(draft);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter decisions">
      {FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`d-${f.key}`}>{f.label}</label>
          <input
            id={`d-${f.key}`}
            value={String(draft[f.key] ?? '')}
            placeholder={f.placeholder}
            size={f.size}
            onChange={(e) => set({ [f.key]: e.target.value })}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor="d-method">Method</label>
        <select
          id="d-method"
          value={draft.method ?? ''}
          onChange={(e) => set({ method: e.target.value }, true)}
        >
          <option value="">Any</option>
          {props.methods.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="d-grade">Grade</label>
        <select
          id="d-grade"
          value={draft.grade ?? ''}
          onChange={(e) => set({ grade: e.target.value }, true)}
        >
          <option value="">Any</option>
          {props.grades.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="d-status">Hold</label>
        <select
          id="d-status"
          value={draft.status ?? ''}
          onChange={(e) =>
            set({ status: (e.target.value || undefined) as DecisionFilter['status'] }, true)
          }
        >
          <option value="">Any</option>
          <option value="held">Held</option>
          <option value="sampled">Sampled</option>
          <option value="released">Released</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="d-from">From</label>
        <input
          id="d-from"
          type="date"
          value={draft.from ?? ''}
          onChange={(e) => set({ from: e.target.value }, true)}
        />
      </div>
      <div className="field">
        <label htmlFor="d-to">To</label>
        <input
          id="d-to"
          type="date"
          value={draft.to ?? ''}
          onChange={(e) => set({ to: e.target.value }, true)}
        />
      </div>
      {CHECKBOXES.map(([key, label]) => (
        <div key={key} className="field checkbox">
          <input
            id={`d-${key}`}
            type="checkbox"
            checked={draft[key] === true}
            onChange={(e) => set({ [key]: e.target.checked || undefined }, true)}
          />
          <label htmlFor={`d-${key}`}>{label}</label>
        </div>
      ))}
      <div className="field actions">
        <button type="submit" className="button secondary">
          Apply
        </button>
        <button type="button" className="button secondary" onClick={() => props.onChange({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** Every decision, filtered in SQL and paged newest first (keyset), each opening its record. */
export function DecisionsTab(props: {
  filter: DecisionFilter;
  methods: string[];
  grades: string[];
  onChange: (f: DecisionFilter) => void;
  onOpen: (decisionId: number) => void;
}): ReactNode {
  const filterKey = JSON.stringify(props.filter);
  const first = useApi('decisions:list', { filter: props.filter, limit: PAGE_SIZE });
  const [more, setMore] = useState<{ key: string; rows: DecisionRowDto[]; next: Cursor } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => {
    if (!first.loading) emit('decisions-loaded');
  }, [first.loading, filterKey]);
  const extra = more?.key === filterKey ? more : null;
  const rows = first.loading ? [] : [...(first.data?.rows ?? []), ...(extra?.rows ?? [])];
  const next = extra ? extra.next : (first.data?.next ?? null);
  const total = first.data?.total ?? 0;

  const loadMore = async (): Promise<void> => {
    if (!next) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await call('decisions:list', {
        filter: props.filter,
        after: next,
        limit: PAGE_SIZE,
      });
      setMore({ key: filterKey, rows: [...(extra?.rows ?? []), ...page.rows], next: page.next });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div>
      <FilterForm
        key={filterKey}
        filter={props.filter}
        methods={props.methods}
        grades={props.grades}
        onChange={props.onChange}
      />
      {first.error ? <Alert message={first.error.message} onRetry={first.reload} /> : null}
      {first.loading ? <Loading /> : null}
      {!first.loading && total === 0 ? (
        <EmptyState title="No decisions match these filters">
          <p>Clear the filters to see every decision.</p>
        </EmptyState>
      ) : null}
      {rows.length ? (
        <>
          <p className="table-summary" data-testid="decisions-count">
            Showing {formatNumber(rows.length)} of {formatNumber(total)} decision
            {total === 1 ? '' : 's'}, newest first.
          </p>
          <div className="table-wrap">
            <table className="table decisions" data-testid="decisions-table">
              <thead>
                <tr>
                  <th scope="col">Assessed</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Apprentice</th>
                  <th scope="col">Standard</th>
                  <th scope="col">Method</th>
                  <th scope="col">Assessor</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Hold</th>
                  <th scope="col" className="col-flags">
                    Flags
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDate(r.assessmentDate)}</td>
                    <td className="mono">
                      <a
                        href={`#/moderation?decision=${r.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          props.onOpen(r.id);
                        }}
                      >
                        {r.decisionRef ?? r.id}
                      </a>
                    </td>
                    <td title={`ULN ${r.uln}${r.employer ? `, ${r.employer}` : ''}`}>
                      {r.apprentice}
                    </td>
                    <td>
                      {r.standard} v{r.version}
                    </td>
                    <td>
                      {r.method}
                      {r.attempt > 1 ? ` (${r.attempt})` : ''}
                    </td>
                    <td className="mono">{r.assessorRef}</td>
                    <td>{r.grade}</td>
                    <td>{humanise(r.status)}</td>
                    <td className="col-flags">
                      {r.flags.length ? (
                        <ul className="flags">
                          {r.flags.map((f, i) => (
                            <li key={i}>{f}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-footer">
            {error ? <Alert message={error} /> : null}
            {next ? (
              <button
                type="button"
                className="button secondary"
                disabled={loadingMore}
                onClick={() => void loadMore()}
              >
                {loadingMore
                  ? 'Loading…'
                  : `Load ${formatNumber(Math.min(PAGE_SIZE, total - rows.length))} more`}
              </button>
            ) : (
              <span className="muted">All {formatNumber(total)} shown.</span>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}
