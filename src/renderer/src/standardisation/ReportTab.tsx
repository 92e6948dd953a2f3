import { useEffect, useState, type ReactNode } from 'react';
import { COMPLIANCE_LABELS, COMPLIANCE_STATUSES } from '@shared/standardisation';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { StatCard } from '../components/StatCard';
import { usePageLoaded } from '../components/Page';
import { emit } from '../e2e';
import { downloadBase64 } from '../files';
import { formatDate, formatNumber } from '../format';
import { capitalise, useAppStatus } from '../status';
import { CompliancePill, FORMAT_LABELS, leaningText, pct, StatText } from './pills';

/** The annual report per standard an auditor asks for, on screen and as a PDF. */
export function ReportTab(): ReactNode {
  const { labels } = useAppStatus();
  const versions = useApi('standardisation:versions', {});
  const thisYear = new Date().getFullYear();
  const codes = [...new Map((versions.data ?? []).map((v) => [v.code, v.title])).entries()];
  const [standard, setStandard] = useState('');
  const [year, setYear] = useState(thisYear);
  const code = standard || codes[0]?.[0] || '';
  const report = useApi('standardisation:report', { standard: code || 'ST0000', year }, [
    code,
    year,
  ]);
  const [error, setError] = useState<string | null>(null);
  const r = code ? report.data : undefined;

  usePageLoaded(
    'assessors',
    report.data !== undefined || report.error !== null,
    report.error !== null,
  );
  useEffect(() => {
    if (r !== undefined) emit('standardisation-loaded:report');
  }, [r]);

  async function exportAs(format: 'pdf' | 'csv'): Promise<void> {
    setError(null);
    try {
      const file = await call('standardisation:export-report', { standard: code, year, format });
      downloadBase64(file.fileName, file.base64, format === 'pdf' ? 'application/pdf' : 'text/csv');
      emit(`report-exported:${format}`);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor="report-standard">Standard</label>
          <select id="report-standard" value={code} onChange={(e) => setStandard(e.target.value)}>
            {codes.map(([c, title]) => (
              <option key={c} value={c}>
                {c} {title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-year">Year</label>
          <select id="report-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[0, 1, 2, 3, 4, 5].map((k) => (
              <option key={k} value={thisYear - k}>
                {thisYear - k}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button secondary"
          disabled={!r}
          onClick={() => void exportAs('pdf')}
        >
          Export PDF
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={!r}
          onClick={() => void exportAs('csv')}
        >
          Export CSV
        </button>
      </div>
      {error ? <Alert message={error} /> : null}
      {report.error && code ? (
        <Alert message={report.error.message} onRetry={report.reload} />
      ) : null}
      {!r && !report.error ? <Loading /> : null}
      {r ? (
        <div className="report" data-testid="standardisation-report">
          <h2>
            {capitalise(labels.standardisation)} report {r.year}: {r.standard.code}{' '}
            {r.standard.title}
          </h2>
          <p className="muted">
            {formatDate(r.from)} to {formatDate(r.to)}; compliance as at {formatDate(r.at)}.
          </p>
          <div className="stat-cards report-cards">
            <StatCard label="Events" value={r.events.length} testId="report-events" />
            <StatCard
              label="Attendance rate (%)"
              value={r.attendance.rate === null ? 0 : Math.round(r.attendance.rate * 100)}
              hint={`${r.attendance.attended} of ${r.attendance.recorded} places recorded`}
              testId="report-rate"
            />
            <StatCard
              label={`${capitalise(labels.assessor)}s who attended`}
              value={r.attendance.assessorsAttended}
              hint={`of ${r.attendance.assessorsInScope} on the standard`}
            />
            <StatCard
              label="Did not attend this year"
              value={r.neverAttending.length}
              tone={r.neverAttending.length > 0 ? 'warn' : 'default'}
              testId="report-never"
            />
          </div>

          <h3>Events</h3>
          {r.events.length === 0 ? (
            <p className="muted">
              No event covered {r.standard.code} in {r.year}.
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Event</th>
                    <th scope="col">Versions</th>
                    <th scope="col">Format</th>
                    <th scope="col" className="num">
                      Attended
                    </th>
                    <th scope="col" className="num">
                      Recorded
                    </th>
                    <th scope="col" className="num">
                      Rate
                    </th>
                    <th scope="col" className="num">
                      Exercises
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.events.map((e) => (
                    <tr key={e.id}>
                      <td className="nowrap">{formatDate(e.date)}</td>
                      <td>{e.title}</td>
                      <td className="small">{e.standards.join(', ')}</td>
                      <td>{e.format ? FORMAT_LABELS[e.format] : '—'}</td>
                      <td className="num">{e.attended}</td>
                      <td className="num">{e.recorded}</td>
                      <td className="num">{pct(e.rate)}</td>
                      <td className="num">{e.exercises}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <div className="report-columns">
            <section>
              <h3>Did not attend in {r.year}</h3>
              {r.neverAttending.length === 0 ? (
                <p className="success">
                  Every {labels.assessor} on the standard attended at least one event.
                </p>
              ) : (
                <ul className="plain-list" data-testid="report-never-list">
                  {r.neverAttending.map((a) => (
                    <li key={a.assessorId}>
                      <span className="mono">{a.ref}</span> {a.name}:{' '}
                      {a.lastEver
                        ? `last ${formatDate(a.lastEver)}`
                        : 'never standardised on this standard'}{' '}
                      <CompliancePill status={a.status} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section>
              <h3>Compliance on {formatDate(r.at)}</h3>
              <ul className="plain-list">
                {COMPLIANCE_STATUSES.map((s) => (
                  <li key={s}>
                    {COMPLIANCE_LABELS[s]}: <strong>{r.compliance.counts[s] ?? 0}</strong>
                  </li>
                ))}
              </ul>
              <p className="small muted">
                Decisions on {r.standard.code} in {r.year}: {formatNumber(r.flags.decisions)}.
                Flagged: not standardised on the version {r.flags.standardisation_never};{' '}
                {labels.standardisation} lapsed {r.flags.standardisation_lapsed}; {labels.assessor}{' '}
                not meeting the criteria {r.flags.assessor_ineligible}.
              </p>
            </section>
          </div>

          <h3>Sample-marking exercises</h3>
          {r.exercises.length === 0 ? (
            <p className="muted">No exercise on this standard in {r.year}.</p>
          ) : (
            <div className="table-wrap">
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Exercise</th>
                    <th scope="col" className="num">
                      Items
                    </th>
                    <th scope="col" className="num">
                      Graded by
                    </th>
                    <th scope="col" className="num">
                      Exact
                    </th>
                    <th scope="col">Weighted kappa (95% CI)</th>
                    <th scope="col">Gwet’s AC2</th>
                    <th scope="col" className="num">
                      Follow up
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.exercises.map((x) => (
                    <tr key={x.id}>
                      <td className="nowrap">{formatDate(x.eventDate)}</td>
                      <td>
                        {x.title} <span className="muted small">{x.version}</span>
                      </td>
                      <td className="num">{x.items}</td>
                      <td className="num">{x.participants}</td>
                      <td className="num">{pct(x.exact)}</td>
                      <td>
                        <StatText stat={x.kappa} />
                      </td>
                      <td>
                        <StatText stat={x.ac} />
                      </td>
                      <td className="num">{x.followUp}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {r.agreement.length > 0 ? (
            <>
              <h4>Agreement by {labels.assessor}, across the year</h4>
              <div className="table-wrap">
                <table className="table compact">
                  <thead>
                    <tr>
                      <th scope="col">Ref</th>
                      <th scope="col">Name</th>
                      <th scope="col" className="num">
                        Items
                      </th>
                      <th scope="col" className="num">
                        Exact
                      </th>
                      <th scope="col">Weighted kappa (95% CI)</th>
                      <th scope="col">Leaning</th>
                      <th scope="col">Follow up</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.agreement.map((a) => (
                      <tr
                        key={a.assessorId}
                        className={a.followUp.length ? 'attention' : undefined}
                      >
                        <td className="mono">{a.ref}</td>
                        <td>{a.name}</td>
                        <td className="num">{a.items}</td>
                        <td className="num">{pct(a.exact)}</td>
                        <td>
                          <StatText stat={a.kappa} />
                        </td>
                        <td>{leaningText(a.meanDifference)}</td>
                        <td className="small">{a.followUp.join('; ') || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
