import { useEffect, type ReactNode } from 'react';
import type { AnalyticsFilter, AnalyticsOverviewDto } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { StatCard, StatGroup } from '../components/StatCard';
import { emit } from '../e2e';
import { formatMonth, formatNumber } from '../format';
import {
  appealsHref,
  complianceHref,
  decisionsHref,
  epasAtRiskHref,
  epasHref,
  queueHref,
} from '../links';
import { useLabels } from '../status';
import { ChartPanel } from './ChartPanel';
import { Coverage } from './charts/Coverage';
import { pct } from './common';
import { ColumnChart } from '../components/charts';

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The decision-list link for the current filters (period included). */
export function decisionsFor(
  f: AnalyticsFilter,
  extra: Parameters<typeof decisionsHref>[0] = {},
): string {
  return decisionsHref({
    from: f.from,
    to: f.to,
    standard: f.standard,
    version: f.version,
    method: f.method,
    provider: f.provider,
    employer: f.employer,
    assessor: f.assessor,
    ...extra,
  });
}

function Body(props: { o: AnalyticsOverviewDto; filter: AnalyticsFilter }): ReactNode {
  const labels = useLabels();
  const { o, filter } = props;
  const go = (href: string) => () => {
    window.location.hash = href.slice(1);
  };
  const belowFloor = o.coverage.filter((c) => (c.sampledShare ?? 0) + 1e-9 < o.floorRate);
  const coverageNote =
    o.coverage.length === 0
      ? undefined
      : [
          belowFloor.length
            ? `Below the ${pct(o.floorRate, 0)} floor: ${belowFloor.map((c) => c.assessorRef).join(', ')}.`
            : `Every assessor's sample meets the ${pct(o.floorRate, 0)} floor.`,
          o.coverageGaps
            ? 'Part of this period has no published sampling plan: only the days plans cover are counted.'
            : '',
          "Bars show decisions in published sampling plans in the period; diamonds show each assessor's risk-adjusted target.",
        ]
          .filter(Boolean)
          .join(' ');
  return (
    <>
      <div className="stat-row overview-stats">
        <StatGroup title="Decisions in the period">
          <StatCard
            label="All"
            value={o.decisions.total}
            href={decisionsFor(filter)}
            testId="ov-decisions"
          />
          <StatCard
            label="Held"
            value={o.decisions.held}
            hint="awaiting a sample"
            href={decisionsFor(filter, { status: 'held' })}
            testId="ov-held"
          />
          <StatCard
            label="Sampled"
            value={o.decisions.sampled}
            hint="to moderate"
            href={decisionsFor(filter, { status: 'sampled' })}
            testId="ov-sampled"
          />
          <StatCard
            label="Released"
            value={o.decisions.released}
            hint="cleared"
            href={decisionsFor(filter, { status: 'released' })}
            testId="ov-released"
          />
        </StatGroup>
        <StatGroup title={`${labels.epaShort}s`}>
          <StatCard
            label="Confirmed"
            value={o.epas.confirmed}
            hint={
              filter.assessor || filter.method
                ? 'in the period (every assessor and method)'
                : 'in the period'
            }
            href={epasHref('confirmed')}
            testId="ov-confirmed"
          />
          <StatCard
            label="At risk"
            value={o.epas.atRisk}
            hint={`of missing ${o.epas.targetWorkingDays} working days`}
            tone={o.epas.atRisk > 0 ? 'warn' : 'default'}
            href={epasAtRiskHref()}
            testId="ov-at-risk"
          />
        </StatGroup>
      </div>
      <div className="stat-row overview-stats">
        <StatGroup title="Moderation backlog">
          <StatCard
            label="To do"
            value={o.backlog.toDo}
            href={queueHref({ status: 'to_do' })}
            testId="ov-backlog"
          />
          <StatCard
            label="Unassigned"
            value={o.backlog.unassigned}
            href={queueHref({ status: 'to_do', moderator: 'unassigned' })}
            testId="ov-unassigned"
          />
          <StatCard
            label="Oldest"
            value={o.backlog.oldestDays ?? 0}
            hint="days since assessment"
            tone={(o.backlog.oldestDays ?? 0) >= 28 ? 'warn' : 'default'}
            href={queueHref({ status: 'to_do' })}
            testId="ov-oldest"
          />
        </StatGroup>
        <StatGroup title={`${labels.standardisation} (once a year)`}>
          <StatCard
            label="In date"
            value={o.standardisation.inDate}
            href={complianceHref()}
            testId="ov-std-in-date"
          />
          <StatCard
            label="Due soon"
            value={o.standardisation.dueSoon}
            href={complianceHref()}
            testId="ov-std-due"
          />
          <StatCard
            label="Overdue or none"
            value={o.standardisation.overdue + o.standardisation.never}
            hint={`${formatNumber(o.standardisation.never)} with no attendance recorded`}
            tone={o.standardisation.overdue + o.standardisation.never > 0 ? 'warn' : 'default'}
            href={complianceHref()}
            testId="ov-std-overdue"
          />
        </StatGroup>
        <StatGroup title="Appeals">
          <StatCard
            label="Open"
            value={o.appeals.open}
            href={appealsHref({ open: true })}
            testId="ov-appeals-open"
          />
          <StatCard
            label="Overdue"
            value={o.appeals.overdue}
            tone={o.appeals.overdue > 0 ? 'warn' : 'default'}
            href={appealsHref({ open: true, overdue: true })}
            testId="ov-appeals-overdue"
          />
        </StatGroup>
      </div>

      <div className="panel-grid">
        <ChartPanel
          className="span-2"
          title="Sample coverage per assessor"
          testId="chart-coverage"
          note={coverageNote}
          empty={
            o.coverage.length === 0
              ? 'No published sampling plan covers this period yet.'
              : undefined
          }
          csv={{
            header: [
              'Assessor',
              'Name',
              'In scope',
              'Sampled',
              'Moderated',
              'Sampled share',
              'Moderated share',
              'Target share',
            ],
            rows: o.coverage.map((c) => [
              c.assessorRef,
              c.assessorName,
              c.inScope,
              c.sampled,
              c.moderated,
              c.sampledShare,
              c.moderatedShare,
              c.targetShare,
            ]),
          }}
          chart={
            <Coverage
              rows={o.coverage}
              floorRate={o.floorRate}
              onOpen={(r) => go(queueHref({ assessor: r.assessorRef, status: 'all' }))()}
            />
          }
          table={
            <table className="table compact">
              <caption className="visually-hidden">Sample coverage per assessor</caption>
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col" className="num">
                    In scope
                  </th>
                  <th scope="col" className="num">
                    Sampled
                  </th>
                  <th scope="col" className="num">
                    Moderated
                  </th>
                  <th scope="col" className="num">
                    Target
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.coverage.map((c) => (
                  <tr key={c.assessorRef}>
                    <td>
                      <a href={queueHref({ assessor: c.assessorRef, status: 'all' })}>
                        {c.assessorRef}
                      </a>{' '}
                      {c.assessorName}
                    </td>
                    <td className="num">{formatNumber(c.inScope)}</td>
                    <td className="num">
                      {formatNumber(c.sampled)} ({pct(c.sampledShare)})
                    </td>
                    <td className="num">
                      {formatNumber(c.moderated)} ({pct(c.moderatedShare)})
                    </td>
                    <td className="num">{pct(c.targetShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartPanel
          title="Moderation backlog by age"
          testId="chart-backlog"
          note={`${formatNumber(o.backlog.toDo)} sampled decisions still to moderate, by days since the assessment.`}
          empty={o.backlog.toDo === 0 ? 'Nothing waiting for moderation.' : undefined}
          csv={{
            header: ['Age', 'Decisions'],
            rows: o.backlog.bands.map((b) => [b.label, b.count]),
          }}
          chart={
            <ColumnChart
              data={o.backlog.bands.map((b) => ({ label: b.label, value: b.count }))}
              xTitle="Days since assessment"
              yTitle="Decisions to moderate"
              seriesName="To moderate"
              description={`Moderation backlog: ${o.backlog.bands.map((b) => `${b.label} ${b.count}`).join(', ')}`}
              onBarClick={() => go(queueHref({ status: 'to_do' }))()}
            />
          }
          table={
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Age</th>
                  <th scope="col" className="num">
                    To moderate
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.backlog.bands.map((b) => (
                  <tr key={b.label}>
                    <td>{b.label}</td>
                    <td className="num">
                      <a href={queueHref({ status: 'to_do' })}>{formatNumber(b.count)}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>
      <ChartPanel
        title="Decisions per month"
        testId="chart-by-month"
        note="Assessment dates in the period, all statuses."
        empty={o.byMonth.length === 0 ? 'No decisions in this period.' : undefined}
        csv={{ header: ['Month', 'Decisions'], rows: o.byMonth.map((m) => [m.month, m.count]) }}
        chart={
          <ColumnChart
            data={o.byMonth.map((m) => ({ label: m.month, value: m.count }))}
            xTitle="Month of assessment"
            yTitle="Decisions"
            seriesName="Decisions"
            months
            height={240}
            description={`Decisions per month: ${o.byMonth.map((m) => `${formatMonth(m.month)} ${m.count}`).join(', ')}`}
            onBarClick={(label) =>
              go(
                decisionsFor(filter, {
                  from: `${label}-01` < filter.from ? filter.from : `${label}-01`,
                  to: monthEnd(label) > filter.to ? filter.to : monthEnd(label),
                }),
              )()
            }
          />
        }
        table={
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
              {o.byMonth.map((m) => (
                <tr key={m.month}>
                  <td>{formatMonth(m.month)}</td>
                  <td className="num">{formatNumber(m.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </>
  );
}

export function OverviewTab(props: {
  filter: AnalyticsFilter;
  onLoaded: (settled: boolean, failed: boolean, empty: boolean) => void;
}): ReactNode {
  const overview = useApi('analytics:overview', props.filter);
  const { onLoaded } = props;
  const settled = overview.data !== undefined && !overview.loading;
  useEffect(() => {
    if (overview.error) onLoaded(true, true, false);
    else if (settled) onLoaded(true, false, overview.data?.databaseEmpty ?? false);
  }, [settled, overview.error, overview.data, onLoaded]);
  useEffect(() => {
    if (settled) emit('dashboard-loaded:overview');
  }, [settled, overview.data]);
  if (overview.error) return <Alert message={overview.error.message} onRetry={overview.reload} />;
  if (!overview.data) return <Loading />;
  if (overview.data.databaseEmpty) return null;
  return <Body o={overview.data} filter={props.filter} />;
}
