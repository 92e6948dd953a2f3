import { useEffect, useState, type ReactNode } from 'react';
import type {
  AnalyticsFilter,
  Channel,
  ConsistencyDto,
  FunnelMeasure,
  OutputOf,
} from '@shared/contract';
import { useApi, type ApiState } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatMonth, formatNumber } from '../format';
import { queueHref } from '../links';
import { AgreementTable } from './AgreementTable';
import { ChartPanel } from './ChartPanel';
import { FunnelPlot } from './charts/FunnelPlot';
import { GradeProfile, type ProfileRow } from './charts/GradeProfile';
import { Heatmap, shortCode } from './charts/Heatmap';
import { Leniency } from './charts/Leniency';
import {
  TREND_MEASURES,
  TrendChart,
  formatTrendValue,
  type TrendMeasure,
} from './charts/TrendChart';
import { POSITION, ci, fixed, pct, signed } from './common';
import { decisionsFor } from './OverviewTab';

function go(href: string): void {
  window.location.hash = href.slice(1);
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function profileRows(c: ConsistencyDto): ProfileRow[] {
  const row = (
    label: string,
    ref: string | null,
    name: string,
    n: number,
    counts: Record<string, number>,
  ): ProfileRow => ({
    label,
    assessorRef: ref,
    name,
    decisions: n,
    counts,
    ...Object.fromEntries(c.grades.map((g) => [g, n ? (counts[g] ?? 0) / n : 0])),
  });
  return [
    row('Cohort', null, 'every assessor', c.cohort.decisions, c.cohort.grades),
    ...c.assessors.map((a) =>
      row(a.assessorRef, a.assessorRef, a.assessorName, a.decisions, a.grades),
    ),
  ];
}

type Loaded<C extends Channel> = ApiState<OutputOf<C>>;

function Body(props: {
  c: ConsistencyDto;
  filter: AnalyticsFilter;
  measure: FunnelMeasure;
  setMeasure: (m: FunnelMeasure) => void;
  funnel: Loaded<'analytics:funnel'>;
  heatmap: Loaded<'analytics:criteria-heatmap'>;
  trends: Loaded<'analytics:trends'>;
}): ReactNode {
  const { c, filter, measure, setMeasure, funnel, heatmap, trends } = props;
  const [trend, setTrend] = useState<TrendMeasure>('distinctionRate');
  const rows = profileRows(c);
  const measureLabel = measure === 'distinction' ? 'Distinction' : 'Fail';
  const outliers = c.assessors.filter((a) => a.outlier);

  useEffect(() => {
    if (funnel.data && heatmap.data && trends.data) emit('dashboard-loaded:consistency-charts');
  }, [funnel.data, heatmap.data, trends.data]);

  return (
    <>
      <p className="consistency-summary" data-testid="consistency-summary">
        {filter.assessor
          ? `${filter.assessor} compared with the cohort of every assessor: ${formatNumber(c.cohort.decisions)} decisions, `
          : `${formatNumber(c.cohort.decisions)} decisions by ${c.assessors.length} ${c.assessors.length === 1 ? 'assessor' : 'assessors'}: `}
        Distinction {pct(c.cohort.distinctionRate)}, Fail {pct(c.cohort.failRate)}.{' '}
        {outliers.length
          ? `Outside the 99.8% funnel limits: ${outliers.map((a) => a.assessorRef).join(', ')} (their sampling rate rises in the next plan).`
          : 'No assessor is outside the 99.8% funnel limits.'}
      </p>
      <div className="panel-grid consistency-grid">
        <ChartPanel
          title={`Funnel plot: ${measureLabel} rate by volume`}
          testId="chart-funnel"
          className="span-2"
          note={`Each point is an assessor. Points outside the 99.8% limits are outliers; the limits widen for small volumes so chance is not mistaken for leniency or severity. Assessors with fewer than ${c.thresholds.minDecisionsForFunnel} decisions are not judged.`}
          controls={
            <div className="segmented" role="radiogroup" aria-label="Rate shown">
              {(['distinction', 'fail'] as const).map((m) => (
                <label key={m} className={measure === m ? 'on' : undefined}>
                  <input
                    type="radio"
                    name="funnel-measure"
                    value={m}
                    checked={measure === m}
                    onChange={() => setMeasure(m)}
                  />
                  {m === 'distinction' ? 'Distinction rate' : 'Fail rate'}
                </label>
              ))}
            </div>
          }
          empty={c.cohort.decisions === 0 ? 'No decisions in this period.' : undefined}
          csv={{
            header: [
              'Assessor',
              'Name',
              'Decisions',
              `${measureLabel}s`,
              'Rate',
              'Cohort rate',
              'Position',
            ],
            rows: (funnel.data?.points ?? []).map((p) => [
              p.assessorRef,
              p.assessorName,
              p.n,
              p.events,
              p.rate,
              funnel.data?.theta ?? null,
              POSITION[p.position].label,
            ]),
          }}
          chart={
            funnel.data ? (
              <FunnelPlot
                funnel={funnel.data}
                measureLabel={measureLabel}
                onOpen={(p) =>
                  go(decisionsFor(filter, { assessor: p.assessorRef, grade: measureLabel }))
                }
              />
            ) : funnel.error ? (
              <Alert message={funnel.error.message} onRetry={funnel.reload} />
            ) : (
              <Loading />
            )
          }
          table={
            <table className="table compact">
              <caption className="visually-hidden">Funnel plot figures</caption>
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col" className="num">
                    {measureLabel}s
                  </th>
                  <th scope="col" className="num">
                    Rate
                  </th>
                  <th scope="col">Against the funnel</th>
                </tr>
              </thead>
              <tbody>
                {(funnel.data?.points ?? []).map((p) => (
                  <tr key={p.assessorRef}>
                    <td>
                      <a
                        href={decisionsFor(filter, {
                          assessor: p.assessorRef,
                          grade: measureLabel,
                        })}
                      >
                        {p.assessorRef}
                      </a>{' '}
                      {p.assessorName}
                    </td>
                    <td className="num">{formatNumber(p.n)}</td>
                    <td className="num">{formatNumber(p.events)}</td>
                    <td className="num">{pct(p.rate)}</td>
                    <td>{POSITION[p.position].label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartPanel
          title="Grade profile beside the cohort"
          testId="chart-grades"
          note="Grades as each assessor awarded them, before moderation or appeals changed any."
          empty={c.cohort.decisions === 0 ? 'No decisions in this period.' : undefined}
          csv={{
            header: [
              'Assessor',
              'Name',
              'Decisions',
              ...c.grades,
              ...c.grades.map((g) => `${g} share`),
            ],
            rows: rows.map((r) => [
              r.label,
              r.name,
              r.decisions,
              ...c.grades.map((g) => r.counts[g] ?? 0),
              ...c.grades.map((g) => r[g] as number),
            ]),
          }}
          chart={
            <GradeProfile
              rows={rows}
              grades={c.grades.filter((g) => rows.some((r) => (r.counts[g] ?? 0) > 0))}
              onOpen={(r, grade) =>
                go(decisionsFor(filter, { assessor: r.assessorRef ?? filter.assessor, grade }))
              }
            />
          }
          table={
            <table className="table compact">
              <caption className="visually-hidden">Grade profile per assessor</caption>
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  {c.grades.map((g) => (
                    <th key={g} scope="col" className="num">
                      {g}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label}>
                    <td>{r.label}</td>
                    <td className="num">{formatNumber(r.decisions)}</td>
                    {c.grades.map((g) => (
                      <td key={g} className="num">
                        <a
                          href={decisionsFor(filter, {
                            assessor: r.assessorRef ?? filter.assessor,
                            grade: g,
                          })}
                        >
                          {formatNumber(r.counts[g] ?? 0)}
                        </a>{' '}
                        ({pct(r[g] as number)})
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>

      <section className="panel" aria-labelledby="agreement-title">
        <div className="chart-head">
          <h2 id="agreement-title">Agreement with moderation</h2>
        </div>
        <p className="panel-note">
          Assessor&apos;s grade against the moderated grade (Fail &lt; Pass &lt; Distinction). Kappa
          falls when nearly every grade is a Pass; Gwet&apos;s AC1 and AC2 stay meaningful then.
          Mean difference is in grade steps, positive when the assessor grades above the moderator.
          Figures appear from {formatNumber(c.thresholds.minModeratedPairs)} moderated decisions.
        </p>
        <AgreementTable c={c} />
      </section>

      <div className="panel-grid consistency-grid">
        <ChartPanel
          title="Leniency and severity"
          testId="chart-leniency"
          note="Mean of assessor minus moderated grade with its 95% interval, for assessors with enough moderated decisions."
          empty={
            c.assessors.some((a) => a.agreement.enough)
              ? undefined
              : 'Too few moderated decisions to judge any assessor yet.'
          }
          csv={{
            header: [
              'Assessor',
              'Moderated',
              'Mean difference',
              'CI low',
              'CI high',
              'Leaning',
              'Exact agreement',
              'Kappa',
              'Kappa CI low',
              'Kappa CI high',
              'AC1',
              'AC2',
            ],
            rows: c.assessors.map((a) => {
              const g = a.agreement;
              return [
                a.assessorRef,
                g.moderated,
                g.meanDifference,
                g.meanDifferenceCi95?.[0],
                g.meanDifferenceCi95?.[1],
                g.leaning ?? (g.enough ? '' : 'too few to judge'),
                g.exactAgreement,
                g.kappaQuadratic,
                g.kappaCi95?.[0],
                g.kappaCi95?.[1],
                g.gwetAc1,
                g.gwetAc2,
              ];
            }),
          }}
          chart={
            <Leniency
              assessors={c.assessors}
              onOpen={(a) => go(queueHref({ assessor: a.assessorRef, status: 'done' }))}
            />
          }
          table={
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col" className="num">
                    Mean difference
                  </th>
                  <th scope="col" className="num">
                    95% CI
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.assessors
                  .filter((a) => a.agreement.enough)
                  .map((a) => (
                    <tr key={a.assessorRef}>
                      <td>{a.assessorRef}</td>
                      <td className="num">{signed(a.agreement.meanDifference, 3)}</td>
                      <td className="num">{ci(a.agreement.meanDifferenceCi95, 3)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          }
        />
        <ChartPanel
          title={`Trend by month: ${TREND_MEASURES[trend].label}`}
          testId="chart-trends"
          className="span-2"
          note={
            filter.assessor
              ? `For ${filter.assessor}.`
              : 'For the whole cohort; choose an assessor in the filters to see one.'
          }
          controls={
            <div className="field inline-field">
              <label htmlFor="trend-measure">Measure</label>
              <select
                id="trend-measure"
                value={trend}
                onChange={(e) => setTrend(e.target.value as TrendMeasure)}
              >
                {Object.entries(TREND_MEASURES).map(([k, m]) => (
                  <option key={k} value={k}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
          }
          empty={
            trends.data && trends.data.months.length === 0
              ? 'No decisions in this period.'
              : undefined
          }
          csv={{
            header: [
              'Month',
              'Decisions',
              ...(trends.data?.grades ?? []),
              'Distinction rate',
              'Fail rate',
              'Moderated',
              'Exact agreement',
              'Kappa',
              'AC2',
              'Mean difference',
            ],
            rows: (trends.data?.months ?? []).map((m) => [
              m.month,
              m.decisions,
              ...(trends.data?.grades ?? []).map((g) => m.grades[g] ?? 0),
              m.distinctionRate,
              m.failRate,
              m.agreement.moderated,
              m.agreement.exactAgreement,
              m.agreement.kappaQuadratic,
              m.agreement.gwetAc2,
              m.agreement.meanDifference,
            ]),
          }}
          chart={
            trends.data ? (
              <TrendChart
                months={trends.data.months}
                measure={trend}
                onOpen={(month) =>
                  go(
                    decisionsFor(filter, {
                      from: `${month}-01` < filter.from ? filter.from : `${month}-01`,
                      to: monthEnd(month) > filter.to ? filter.to : monthEnd(month),
                    }),
                  )
                }
              />
            ) : (
              <Loading />
            )
          }
          table={
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    {TREND_MEASURES[trend].label}
                  </th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col" className="num">
                    Moderated
                  </th>
                </tr>
              </thead>
              <tbody>
                {(trends.data?.months ?? []).map((m) => (
                  <tr key={m.month}>
                    <td>{formatMonth(m.month)}</td>
                    <td className="num">{formatTrendValue(trend, TREND_MEASURES[trend].get(m))}</td>
                    <td className="num">{formatNumber(m.decisions)}</td>
                    <td className="num">{formatNumber(m.agreement.moderated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>
      <ChartPanel
        title="Criteria moderators disagree on"
        testId="chart-heatmap"
        note={`Share of moderators' judgements on each pass (P) and distinction (D) criterion that disagreed with the assessor, from ${formatNumber(heatmap.data?.records ?? 0)} moderation records. Select a cell to open that method's moderated decisions.`}
        empty={
          heatmap.data && heatmap.data.methods.length === 0
            ? 'No criterion judgements recorded in this period.'
            : undefined
        }
        csv={{
          header: [
            'Method',
            'Criterion',
            'Level',
            'Judged',
            'Disagreed',
            'Disagreement rate',
            'Criterion text',
          ],
          rows: (heatmap.data?.methods ?? []).flatMap((m) =>
            m.criteria.map((cr) => [
              m.method,
              cr.code,
              cr.grade,
              cr.judged,
              cr.disagreed,
              cr.rate,
              cr.text,
            ]),
          ),
        }}
        chart={
          heatmap.data ? (
            <Heatmap
              heatmap={heatmap.data}
              hrefFor={(method) => queueHref({ method, status: 'done' })}
            />
          ) : heatmap.error ? (
            <Alert message={heatmap.error.message} onRetry={heatmap.reload} />
          ) : (
            <Loading />
          )
        }
        table={
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col" className="num">
                  Judged
                </th>
                <th scope="col" className="num">
                  Disagreed
                </th>
              </tr>
            </thead>
            <tbody>
              {(heatmap.data?.methods ?? []).flatMap((m) =>
                m.criteria.map((cr) => (
                  <tr key={cr.code}>
                    <td title={cr.text ?? undefined}>
                      {m.method} {shortCode(m.method, cr.code)}
                    </td>
                    <td className="num">{formatNumber(cr.judged)}</td>
                    <td className="num">
                      {formatNumber(cr.disagreed)} ({pct(cr.rate)})
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        }
      />

      <p className="muted small">
        Kappa {fixed(c.cohort.agreement.kappaQuadratic, 3)} and AC2{' '}
        {fixed(c.cohort.agreement.gwetAc2, 3)} for the cohort are the figures `npm run iqa -- report
        consistency` prints for the same period.
      </p>
    </>
  );
}

export function ConsistencyTab(props: {
  filter: AnalyticsFilter;
  onLoaded: (settled: boolean, failed: boolean, empty: boolean) => void;
}): ReactNode {
  // All four requests go out together; the charts fill in as each answer arrives.
  const consistency = useApi('analytics:consistency', props.filter);
  const [measure, setMeasure] = useState<FunnelMeasure>('distinction');
  const funnel = useApi('analytics:funnel', { filter: props.filter, measure });
  const heatmap = useApi('analytics:criteria-heatmap', props.filter);
  const trends = useApi('analytics:trends', props.filter);
  const { onLoaded } = props;
  const settled = consistency.data !== undefined && !consistency.loading;
  useEffect(() => {
    if (consistency.error) onLoaded(true, true, false);
    else if (settled) onLoaded(true, false, false);
  }, [settled, consistency.error, onLoaded]);
  if (consistency.error)
    return <Alert message={consistency.error.message} onRetry={consistency.reload} />;
  if (!consistency.data) return <Loading />;
  return (
    <Body
      c={consistency.data}
      filter={props.filter}
      measure={measure}
      setMeasure={setMeasure}
      funnel={funnel}
      heatmap={heatmap}
      trends={trends}
    />
  );
}
