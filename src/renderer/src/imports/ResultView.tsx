import { Fragment, type ReactNode } from 'react';
import {
  ACTIVITY_LABELS,
  ATTENDED_ANSWERS,
  type Attendance,
  type ImportProblemDto,
  type ImportResultDto,
} from '@shared/contract';
import { StatCard } from '../components/StatCard';
import { formatNumber, formatTimestamp, humanise } from '../format';

const OUTCOME_WORDS: Record<string, string> = {
  new: 'New',
  changed: 'Changed',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
};

/** Columns of the first rows to show: enough to recognise a row without scrolling sideways. */
const MAX_COLUMNS = 9;

const LABELS: Record<string, string> = {
  uln: 'ULN',
  decision_ref: 'Decision ref',
  assessment_date: 'Date',
  moderation_date: 'Date',
  event_date: 'Date',
  assessor_ref: 'Assessor',
  provider_ukprn: 'Provider UKPRN',
};

export function Counts(props: { result: ImportResultDto }): ReactNode {
  const c = props.result.counts;
  return (
    <div className="stat-cards import-counts" data-testid="import-counts">
      <StatCard label="New" value={c.new} testId="count-new" />
      <StatCard label="Changed" value={c.changed} testId="count-changed" />
      <StatCard label="Unchanged" value={c.unchanged} testId="count-unchanged" />
      <StatCard
        label="Rejected"
        value={c.rejected}
        testId="count-rejected"
        tone={c.rejected > 0 ? 'warn' : 'default'}
      />
      <StatCard
        label="Compliance flags"
        value={c.flags}
        testId="count-flags"
        tone={c.flags > 0 ? 'warn' : 'default'}
      />
    </div>
  );
}

export function PreviousImports(props: {
  result: Pick<ImportResultDto, 'previousImports'>;
}): ReactNode {
  const last = props.result.previousImports[0];
  if (!last) return null;
  return (
    <p className="import-notice" data-testid="import-previous">
      This file was imported before: batch {last.batchId}, {formatTimestamp(last.importedAt)} by{' '}
      {last.importedBy}. Importing it again changes only what differs.
    </p>
  );
}

export function HeldAgain(props: { result: ImportResultDto; committed: boolean }): ReactNode {
  const { heldAgain, heldAgainCount } = props.result;
  if (heldAgainCount === 0) return null;
  return (
    <section className="panel" aria-labelledby="held-again-title" data-testid="import-held-again">
      <h3 id="held-again-title">
        {props.committed ? 'Back with IQA' : 'Would go back to IQA'}: {formatNumber(heldAgainCount)}{' '}
        decision{heldAgainCount === 1 ? '' : 's'}
      </h3>
      <p className="small">
        These had already been moderated or released. Their grade changes, so IQA must moderate them
        again before they are released. Each goes back into the moderation queue of the plan that
        covers it; an earlier moderation stays in its history.
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Decision</th>
              <th scope="col">ULN</th>
              <th scope="col">Method</th>
              <th scope="col">Grade</th>
              <th scope="col">Was</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {heldAgain.map((h) => (
              <tr key={h.decisionId}>
                <td className="num">{h.row}</td>
                <td className="mono">{h.decisionRef ?? h.decisionId}</td>
                <td className="mono">{h.uln}</td>
                <td>{h.method}</td>
                <td>
                  {h.before} → {h.after}
                </td>
                <td>{h.moderated ? 'Moderated' : humanise(h.previousStatus)}</td>
                <td>
                  {h.planId === null ? (
                    'On hold until a plan samples it'
                  ) : props.committed ? (
                    <a href={`#/moderation?decision=${h.decisionId}`}>
                      To moderate (plan {h.planId})
                    </a>
                  ) : (
                    `To moderate (plan ${h.planId})`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Codes and dates kept on one line: a wrapped ULN or date is hard to read or copy. */
function cellClass(column: string): string {
  if (column === 'uln' || column.endsWith('_ref')) return 'mono small nowrap';
  if (column.endsWith('date') || column === 'standard') return 'small nowrap';
  return 'small';
}

/** A stored value in words: a moderation's activity and an attendance are stored as codes. */
function cellText(kind: ImportResultDto['kind'], column: string, value: string): string {
  if (kind === 'moderation' && column === 'activity' && value in ACTIVITY_LABELS)
    return ACTIVITY_LABELS[value as keyof typeof ACTIVITY_LABELS];
  if (kind === 'standardisation' && column === 'attended')
    return ATTENDED_ANSWERS[value as Attendance] ?? value;
  return value;
}

/**
 * A decision as shown, from a rejected row as the file gave it (template columns): a rejected
 * row is never read into a decision, so it comes with the file's columns, while the rows kept
 * come as stored (`apprentice`, `standard`, `assessor`). Without this, a rejected row's
 * apprentice, standard and assessor sat in columns cut off the table, and its cells under
 * those headings were blank, as if the file had left them out.
 */
function asDecision(values: Record<string, string>): Record<string, string> {
  // Some rejections come after the row was read (two rows for one decision): already as shown.
  if ('apprentice' in values || 'standard' in values) return values;
  const {
    given_name: given = '',
    family_name: family = '',
    standard_code: code = '',
    standard_version: version = '',
    assessor_ref: assessor = '',
    ...rest
  } = values;
  const shown: Record<string, string> = {
    decision_ref: rest.decision_ref ?? '',
    uln: rest.uln ?? '',
    apprentice: [given, family].filter(Boolean).join(' '),
    standard: code && version ? `${code} v${version}` : code,
    method: rest.method ?? '',
    attempt: rest.attempt ?? '',
    assessor,
    assessment_date: rest.assessment_date ?? '',
    grade: rest.grade ?? '',
  };
  // The rest in the file's order, after the columns a decision is known by.
  for (const [k, v] of Object.entries(rest)) if (!(k in shown)) shown[k] = v;
  return shown;
}

export function FirstRows(props: { result: ImportResultDto }): ReactNode {
  const rows =
    props.result.kind === 'decisions'
      ? props.result.preview.map((r) =>
          r.outcome === 'rejected' ? { ...r, values: asDecision(r.values) } : r,
        )
      : props.result.preview;
  if (rows.length === 0) return null;
  const columns: string[] = [];
  for (const r of rows)
    for (const k of Object.keys(r.values)) if (!columns.includes(k)) columns.push(k);
  const shown = columns
    .filter((c) => rows.some((r) => (r.values[c] ?? '') !== ''))
    .slice(0, MAX_COLUMNS);
  return (
    <section aria-labelledby="first-rows-title">
      <h3 id="first-rows-title">The first rows, as they will be stored</h3>
      <div className="table-wrap">
        <table className="table import-rows" data-testid="import-first-rows">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Outcome</th>
              {shown.map((c) => (
                <th scope="col" key={c}>
                  {LABELS[c] ?? humanise(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Fragment key={r.row}>
                <tr className={r.notes.length > 0 ? 'has-notes' : undefined}>
                  <td className="num">{r.row}</td>
                  <td>
                    <span className={`pill outcome-${r.outcome}`}>{OUTCOME_WORDS[r.outcome]}</span>
                  </td>
                  {shown.map((c) => (
                    <td key={c} className={cellClass(c)}>
                      {cellText(props.result.kind, c, r.values[c] ?? '')}
                    </td>
                  ))}
                </tr>
                {r.notes.length > 0 ? (
                  // Under the row, across the table: a sentence a line, whatever the columns.
                  <tr className="import-notes">
                    <td />
                    <td colSpan={shown.length + 1} className="small">
                      {r.notes.map((n, i) => (
                        <div key={i}>{n}</div>
                      ))}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * The column as the user's file names it: a mapped file's problems are found in its own
 * headings, with the template's name beside it, as the report CSV gives it. The heading comes
 * with the problem from the import itself, so a file heading that no column reads is never
 * taken for a template column of the same name.
 */
function ProblemColumn(props: { problem: ImportProblemDto }): ReactNode {
  const { column, heading } = props.problem;
  if (!column) return '—';
  if (heading === undefined) return column;
  return (
    <>
      {heading} <span className="muted small">({column})</span>
    </>
  );
}

export function Problems(props: { result: ImportResultDto; onDownload: () => void }): ReactNode {
  const { problems, errorCount, warningCount, rowsRead } = props.result;
  const total = errorCount + warningCount;
  // A file with no rows has no problems either, but saying so in green would read as success.
  if (total === 0) {
    return rowsRead === 0 ? null : <p className="success">No problems found in the file.</p>;
  }
  return (
    <section aria-labelledby="problems-title">
      <div className="section-head">
        <h3 id="problems-title">
          Problems: {formatNumber(errorCount)} error{errorCount === 1 ? '' : 's'} (rows rejected),{' '}
          {formatNumber(warningCount)} warning{warningCount === 1 ? '' : 's'} (kept)
        </h3>
        <button
          type="button"
          className="button secondary"
          onClick={props.onDownload}
          data-testid="download-report"
        >
          Download the report (CSV)
        </button>
      </div>
      {total > problems.length ? (
        <p className="muted small">
          The first {formatNumber(problems.length)} of {formatNumber(total)} are shown; the report
          has them all.
        </p>
      ) : null}
      <div className="table-wrap problems-wrap">
        <table className="table" data-testid="import-problems">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr
                key={`${p.row}-${p.column}-${i}`}
                className={p.severity === 'error' ? 'problem-error' : 'problem-warning'}
              >
                <td className="num">{p.row}</td>
                <td className="mono">
                  <ProblemColumn problem={p} />
                </td>
                <td className="mono break">{p.value || <span className="muted">(empty)</span>}</td>
                <td>
                  <span className={`pill severity-${p.severity}`}>
                    {p.severity === 'error' ? 'Rejected' : 'Warning'}
                  </span>{' '}
                  {p.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
