import type { ReactNode } from 'react';
import type { OverviewDto } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { ColumnChart, HorizontalBars } from '../components/charts';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { StatCard, StatGroup } from '../components/StatCard';
import { gradeColour, orderGrades } from '../colours';
import { formatDate, formatMonth, formatNumber, formatPercent, sumCounts } from '../format';
import { hrefFor } from '../routes';
import { capitalise, useLabels } from '../status';
import { Attention } from '../moderation/Attention';

function StandardsTable(props: { standards: OverviewDto['standards'] }): ReactNode {
  const labels = useLabels();
  if (props.standards.length === 0) {
    return <p className="muted">No standards are loaded.</p>;
  }
  return (
    <table className="table compact" data-testid="dashboard-standards">
      <caption className="visually-hidden">Standards and versions</caption>
      <thead>
        <tr>
          <th scope="col">Standard</th>
          <th scope="col">Version</th>
          <th scope="col" className="num">
            {labels.epaShort}s
          </th>
        </tr>
      </thead>
      <tbody>
        {props.standards.map((s) => (
          <tr key={`${s.code}-${s.version}`}>
            <td>{s.code}</td>
            <td>{s.version}</td>
            <td className="num">{formatNumber(s.epas)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MonthFigures(props: { months: OverviewDto['decisionsByMonth'] }): ReactNode {
  return (
    <details className="figures">
      <summary>Show the figures</summary>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="num">
              Decisions
            </th>
          </tr>
        </thead>
        <tbody>
          {props.months.map((m) => (
            <tr key={m.month}>
              <td>{formatMonth(m.month)}</td>
              <td className="num">{formatNumber(m.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Overview(props: { o: OverviewDto }): ReactNode {
  const labels = useLabels();
  const { o } = props;
  const decisions = o.decisionsByStatus;
  const epas = o.epasByStatus;
  const months = o.decisionsByMonth.map((m) => ({ label: m.month, value: m.count }));
  const grades = orderGrades(Object.keys(o.gradeCounts)).map((g, i) => ({
    label: g,
    value: o.gradeCounts[g] ?? 0,
    colour: gradeColour(g, i),
  }));
  const gradeTotal = sumCounts(o.gradeCounts);
  const methods = Object.entries(o.methodCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => ({ label: code, value: n }));

  return (
    <>
      <div className="stat-row">
        <StatGroup title="Decisions">
          <StatCard
            label="Held"
            value={decisions.held ?? 0}
            hint="not yet moderated or released"
            testId="card-held"
          />
          <StatCard
            label="Sampled"
            value={decisions.sampled ?? 0}
            hint="chosen for moderation"
            testId="card-sampled"
          />
          <StatCard
            label="Released"
            value={decisions.released ?? 0}
            hint="cleared for confirmation"
            testId="card-released"
          />
        </StatGroup>
        <StatGroup title={`${labels.epaShort}s`}>
          <StatCard
            label="In progress"
            value={epas.in_progress ?? 0}
            hint="methods still to grade"
            testId="card-epas-in-progress"
          />
          <StatCard
            label="Awaiting confirmation"
            value={epas.awaiting_confirmation ?? 0}
            hint="all methods graded"
            testId="card-epas-awaiting"
          />
          <StatCard
            label="Confirmed"
            value={epas.confirmed ?? 0}
            hint="overall grade confirmed"
            testId="card-epas-confirmed"
          />
        </StatGroup>
        <StatGroup title="Quality">
          <StatCard
            label="Flagged decisions"
            hint="with compliance flags"
            value={o.flaggedDecisions}
            tone={o.flaggedDecisions > 0 ? 'warn' : 'default'}
            testId="card-flagged"
          />
          <StatCard
            label="Active"
            hint={`${labels.assessor}s`}
            value={o.assessorsActive}
            testId="card-assessors"
          />
        </StatGroup>
      </div>

      <div className="panel-grid">
        <section className="panel span-2" aria-labelledby="by-month-title">
          <h2 id="by-month-title">Decisions per month</h2>
          <p className="panel-note">
            Assessment dates in the 12 months to {formatDate(o.latestAssessmentDate)}, the latest
            decision held.
          </p>
          {months.length > 0 ? (
            <>
              <ColumnChart
                data={months}
                xTitle="Month of assessment"
                yTitle="Decisions"
                seriesName="Decisions"
                months
                description={`Decisions per month: ${months.map((m) => `${formatMonth(m.label)} ${m.value}`).join(', ')}`}
              />
              <MonthFigures months={o.decisionsByMonth} />
            </>
          ) : (
            <p className="muted">No decisions in the last 12 months.</p>
          )}
        </section>
        <div className="panel-stack">
          <section className="panel" aria-labelledby="grade-mix-title">
            <h2 id="grade-mix-title">Grade mix</h2>
            <p className="panel-note">
              {grades
                .map((g) => `${g.label} ${gradeTotal ? formatPercent(g.value / gradeTotal) : '0%'}`)
                .join(' · ')}
            </p>
            <HorizontalBars
              data={grades}
              seriesName="Decisions"
              xTitle="Decisions"
              description={`Grade mix: ${grades.map((g) => `${g.label} ${g.value}`).join(', ')}`}
            />
          </section>
          <section className="panel" aria-labelledby="methods-title">
            <h2 id="methods-title">Decisions by method</h2>
            <p className="panel-note">Each assessment method is graded separately.</p>
            <HorizontalBars
              data={methods}
              seriesName="Decisions"
              xTitle="Decisions"
              description={`Decisions by method: ${methods.map((m) => `${m.label} ${m.value}`).join(', ')}`}
            />
          </section>
        </div>
      </div>
      <section className="panel" aria-labelledby="standards-title">
        <h2 id="standards-title">Standards and versions</h2>
        <p className="panel-note">{capitalise(labels.epaShort)}s per standard version.</p>
        <StandardsTable standards={o.standards} />
      </section>
    </>
  );
}

export function DashboardPage(): ReactNode {
  const overview = useApi('dashboard:get-overview', {});
  usePageLoaded('dashboard', !overview.loading, overview.error !== null);
  const o = overview.data;
  const empty = o ? sumCounts(o.decisionsByStatus) === 0 : false;

  return (
    <Page id="dashboard" title="Dashboard" busy={overview.loading}>
      {overview.error ? <Alert message={overview.error.message} onRetry={overview.reload} /> : null}
      {!o && overview.loading ? <Loading /> : null}
      {o && empty ? (
        <>
          <EmptyState title="No decisions yet — import decisions or load demo data">
            <p>
              The dashboard fills in once assessors&apos; grading decisions are in the database.
            </p>
            <p>
              <a href={hrefFor('imports')}>Go to Imports</a> ·{' '}
              <a href={hrefFor('settings')}>Load demo data in Settings</a>
            </p>
          </EmptyState>
          <section className="panel" aria-labelledby="standards-title">
            <h2 id="standards-title">Standards and versions</h2>
            <StandardsTable standards={o.standards} />
          </section>
        </>
      ) : null}
      {o && !empty ? <Attention /> : null}
      {o && !empty ? <Overview o={o} /> : null}
    </Page>
  );
}
