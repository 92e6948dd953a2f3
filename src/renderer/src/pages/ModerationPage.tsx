import { useState, type FormEvent, type ReactNode } from 'react';
import type { DecisionFilter, DecisionRowDto, OutputOf } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { orderGrades } from '../colours';
import { emit } from '../e2e';
import { formatDate, formatNumber, humanise } from '../format';
import { hrefFor } from '../routes';
import { useLabels } from '../status';

const PAGE_SIZE = 200;

type Cursor = OutputOf<'decisions:list'>['next'];

interface Draft {
  assessorRef: string;
  method: string;
  grade: string;
  flaggedOnly: boolean;
}

const NO_FILTER: Draft = { assessorRef: '', method: '', grade: '', flaggedOnly: false };

function toFilter(draft: Draft): DecisionFilter {
  const filter: DecisionFilter = { status: 'held' };
  if (draft.assessorRef.trim()) filter.assessorRef = draft.assessorRef.trim();
  if (draft.method) filter.method = draft.method;
  if (draft.grade) filter.grade = draft.grade;
  if (draft.flaggedOnly) filter.flagged = true;
  return filter;
}

function FlagsCell(props: { flags: string[] }): ReactNode {
  if (props.flags.length === 0) return <span className="muted">—</span>;
  // Every flag in full: they are the reason an IQA lead looks at a decision.
  return (
    <ul className="flags">
      {props.flags.map((flag, i) => (
        <li key={i}>{flag}</li>
      ))}
    </ul>
  );
}

function DecisionsTable(props: { rows: DecisionRowDto[] }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="table decisions" data-testid="decisions-table">
        <caption className="visually-hidden">Held decisions, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="col-date">
              Date
            </th>
            <th scope="col">Ref</th>
            <th scope="col">Apprentice</th>
            <th scope="col">ULN</th>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Attempt
            </th>
            <th scope="col">Assessor</th>
            <th scope="col">Grade</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-flags">
              Flags
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id}>
              <td className="nowrap">{formatDate(r.assessmentDate)}</td>
              <td className="mono nowrap">{r.decisionRef ?? '—'}</td>
              <td>{r.apprentice}</td>
              <td className="mono">{r.uln}</td>
              <td title={`${r.standard} v${r.version}`}>{r.method}</td>
              <td className="num">{r.attempt}</td>
              <td>
                <span className="mono">{r.assessorRef}</span>
                <span className="sub">{r.assessorName}</span>
              </td>
              <td>{r.grade}</td>
              <td>{humanise(r.status)}</td>
              <td className="col-flags">
                <FlagsCell flags={r.flags} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FilterForm(props: {
  applied: Draft;
  methods: string[];
  grades: string[];
  onApply: (draft: Draft) => void;
}): ReactNode {
  const [draft, setDraft] = useState<Draft>(props.applied);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    props.onApply(draft);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter held decisions">
      <div className="field">
        <label htmlFor="f-assessor">Assessor ref</label>
        <input
          id="f-assessor"
          value={draft.assessorRef}
          onChange={(e) => setDraft({ ...draft, assessorRef: e.target.value })}
          placeholder="e.g. IA0001"
          size={12}
        />
      </div>
      <div className="field">
        <label htmlFor="f-method">Method</label>
        <select
          id="f-method"
          value={draft.method}
          onChange={(e) => setDraft({ ...draft, method: e.target.value })}
        >
          <option value="">Any method</option>
          {props.methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-grade">Grade</label>
        <select
          id="f-grade"
          value={draft.grade}
          onChange={(e) => setDraft({ ...draft, grade: e.target.value })}
        >
          <option value="">Any grade</option>
          {props.grades.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className="field checkbox">
        <input
          id="f-flagged"
          type="checkbox"
          checked={draft.flaggedOnly}
          onChange={(e) => setDraft({ ...draft, flaggedOnly: e.target.checked })}
        />
        <label htmlFor="f-flagged">Flagged only</label>
      </div>
      <div className="field actions">
        <button type="submit" className="button">
          Apply filters
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setDraft(NO_FILTER);
            props.onApply(NO_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

export function ModerationPage(): ReactNode {
  const labels = useLabels();
  const [applied, setApplied] = useState<Draft>(NO_FILTER);
  const filter = toFilter(applied);
  const filterKey = JSON.stringify(filter);
  const first = useApi('decisions:list', { filter, limit: PAGE_SIZE });
  const standards = useApi('standards:list', {});
  // Pages after the first, tagged with the filter they belong to so a new filter drops them.
  const [more, setMore] = useState<{ key: string; rows: DecisionRowDto[]; next: Cursor } | null>(
    null,
  );
  const [moreError, setMoreError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  usePageLoaded('moderation', !first.loading, first.error !== null);

  const extra = more?.key === filterKey ? more : null;
  const rows = first.loading ? [] : [...(first.data?.rows ?? []), ...(extra?.rows ?? [])];
  const next = extra ? extra.next : (first.data?.next ?? null);
  const total = first.data?.total ?? 0;

  const methods = [...new Set(standards.data?.flatMap((v) => v.methods.map((m) => m.code)))];
  const grades = orderGrades(standards.data?.flatMap((v) => v.grades) ?? []);
  const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTER);

  const loadMore = async (): Promise<void> => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await call('decisions:list', { filter, after: next, limit: PAGE_SIZE });
      setMore({ key: filterKey, rows: [...(extra?.rows ?? []), ...page.rows], next: page.next });
      emit('page-loaded:moderation:more');
    } catch (e) {
      setMoreError(messageOf(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const apply = (draft: Draft): void => {
    setApplied(draft);
    setMore(null);
    setMoreError(null);
  };

  return (
    <Page
      id="moderation"
      title="Moderation queue"
      busy={first.loading}
      intro={
        <>
          Decisions are held until they are moderated or released by a published sampling plan; no{' '}
          {labels.epaShort} grade is confirmed before then. The full moderation queue comes in a
          later release: for now this lists the decisions held.
        </>
      }
    >
      <FilterForm applied={applied} methods={methods} grades={grades} onApply={apply} />
      {first.error ? <Alert message={first.error.message} onRetry={first.reload} /> : null}
      {first.loading ? <Loading /> : null}
      {!first.loading && first.data && total === 0 ? (
        filtered ? (
          <EmptyState title="No held decisions match these filters">
            <p>Clear the filters to see every held decision.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No decisions are held">
            <p>
              Decisions arrive held when they are imported, and stay held until they are moderated
              or released. <a href={hrefFor('imports')}>Imports</a> ·{' '}
              <a href={hrefFor('settings')}>Load demo data in Settings</a>
            </p>
          </EmptyState>
        )
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="table-summary" data-testid="decisions-count" aria-live="polite">
            Showing {formatNumber(rows.length)} of {formatNumber(total)} held decision
            {total === 1 ? '' : 's'}, newest first.
          </p>
          <DecisionsTable rows={rows} />
          <div className="table-footer">
            {moreError ? <Alert message={moreError} /> : null}
            {next ? (
              <button
                type="button"
                className="button secondary"
                onClick={() => void loadMore()}
                disabled={loadingMore}
                data-testid="load-more"
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
    </Page>
  );
}
