/**
 * The Overview tab: decisions in the period by status, EPAs confirmed and at risk, sample
 * coverage per assessor, the moderation backlog and its age, standardisation, and appeals. Each
 * figure is what a drill-down link on the screen lists.
 */
import type { AnalyticsFilter, AnalyticsOverviewDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { listAppeals } from '../appeals/service';
import { atRiskCutoff, confirmationTarget } from '../epas/service';
import { assessorStates } from '../standardisation/compliance';
import { getCoverage } from './coverage';
import { filterSql, type FilterSql } from './filter';
import { countByMonthUnfiltered, countDecisions, countDecisionsByMonth, type Count } from './scan';
import { SETTLES } from '../moderation/settled';

export const BACKLOG_BANDS = [
  { label: '0–6 days', minDays: 0, maxDays: 6 },
  { label: '7–13', minDays: 7, maxDays: 13 },
  { label: '14–27', minDays: 14, maxDays: 27 },
  { label: '28 or more', minDays: 28, maxDays: null },
] as const;

/**
 * The queue's "to do": items of published plans whose decision is still sampled (moderation
 * releases it unless the record refers it back). Driven from the few sampled decisions.
 */
export function backlogSql(where: string): string {
  return `SELECT CAST(julianday(?) - julianday(d.assessment_date) AS INTEGER) AS age,
      i.assigned_to IS NULL, count(*)
    FROM decisions d JOIN sampling_plan_items i ON i.decision_id = d.id AND i.removed_at IS NULL
    JOIN sampling_plans sp ON sp.id = i.plan_id AND sp.status = 'published'
    WHERE d.status = 'sampled' AND ${where}
      AND NOT EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id
                      AND ${SETTLES})
    GROUP BY age, i.assigned_to IS NULL`;
}

function backlog(ctx: AppContext, f: FilterSql): AnalyticsOverviewDto['backlog'] {
  const rows = ctx.sqlite
    .prepare(backlogSql(f.sqlNoPeriod))
    .raw(true)
    .all(today(ctx), ...f.paramsNoPeriod) as [number, number, number][];
  const bands = BACKLOG_BANDS.map((b) => ({ ...b, count: 0 }));
  let toDo = 0;
  let unassigned = 0;
  let oldest: number | null = null;
  for (const [age, isUnassigned, n] of rows) {
    toDo += n;
    if (isUnassigned) unassigned += n;
    oldest = oldest === null ? age : Math.max(oldest, age);
    const band = bands.find((b) => age >= b.minDays && (b.maxDays === null || age <= b.maxDays));
    if (band) band.count += n;
  }
  return { toDo, unassigned, oldestDays: oldest, bands };
}

/**
 * Standardisation status as the Compliance tab judges it (per standard version, the EPAO's rolling
 * window and due-soon setting), so the two screens never disagree.
 */
function standardisation(ctx: AppContext): AnalyticsOverviewDto['standardisation'] {
  const required = assessorStates(ctx, today(ctx), 'all').filter((s) => s.required);
  const out = { assessors: required.length, inDate: 0, dueSoon: 0, overdue: 0, never: 0 };
  for (const { compliance } of required) {
    if (compliance.status === 'compliant') out.inDate++;
    else if (compliance.status === 'due_soon') out.dueSoon++;
    else if (compliance.status === 'overdue') out.overdue++;
    else out.never++;
  }
  return out;
}

/**
 * EPAs awaiting confirmation whose latest decision is on or before the cutoff: all of them less
 * those with a decision after it. An EPA awaits confirmation only once every method has a
 * decision (decisions/grades.ts), and decisions are never deleted, so each has one. The second
 * count reads the few recent entries of the covering index (each EPA's latest date would take a
 * table read of every decision of every EPA awaiting confirmation), with IN lists of every
 * assessor, grade and status decisions hold (the roll-up has each).
 */
function countAtRisk(ctx: AppContext, cutoff: string, awaiting: number): number {
  const s = ctx.sqlite;
  const held = (column: string): string =>
    (
      s.prepare(`SELECT DISTINCT ${column} FROM analytics_decision_months`).pluck().all() as (
        string | number
      )[]
    )
      .map((v) => (typeof v === 'number' ? v : `'${v.replace(/'/g, "''")}'`))
      .join(',') || 'NULL';
  const recent = s
    .prepare(
      `SELECT count(*) FROM epas e WHERE e.status = 'awaiting_confirmation' AND e.id IN (
         SELECT d.epa_id FROM decisions d INDEXED BY decisions_analytics
         WHERE d.assessor_id IN (${held('assessor_id')}) AND d.grade IN (${held('grade')})
           AND d.status IN (${held('status')}) AND d.assessment_date > ?)`,
    )
    .pluck()
    .get(cutoff) as number;
  return awaiting - recent;
}

function epaFigures(
  ctx: AppContext,
  filter: AnalyticsFilter,
  people: FilterSql['people'],
): AnalyticsOverviewDto['epas'] {
  // An EPA is the apprentice's, on one standard version: standard, version, provider and employer
  // narrow it; assessor and method belong to single decisions and do not (the screen says so).
  // Matching EPAs through their decisions would read every decision of a method at 1M rows.
  const parts = [
    "e.status = 'confirmed'",
    'e.confirmed_at >= ?',
    "e.confirmed_at < date(?, '+1 day')",
  ];
  const params: (string | number)[] = [filter.from, filter.to];
  if (filter.standard || filter.version) {
    parts.push(
      `e.standard_version_id IN (SELECT v.id FROM standard_versions v JOIN standards st ON st.id = v.standard_id
         WHERE ${filter.standard ? 'st.code = ?' : '1'} AND ${filter.version ? 'v.version = ?' : '1'})`,
    );
    if (filter.standard) params.push(filter.standard);
    if (filter.version) params.push(filter.version);
  }
  if (filter.provider) {
    parts.push(
      'e.apprentice_id IN (SELECT p.id FROM apprentices p WHERE p.provider_id = (SELECT id FROM providers WHERE ukprn = ?))',
    );
    params.push(filter.provider);
  }
  if (filter.employer) {
    parts.push(
      'e.apprentice_id IN (SELECT p.id FROM apprentices p WHERE p.employer_id = (SELECT id FROM employers WHERE name = ?))',
    );
    params.push(filter.employer);
  }
  // A provider or employer with few EPAs: from their apprentices, not every EPA confirmed.
  const from = people === 'few' ? 'epas e INDEXED BY epas_apprentice' : 'epas e';
  const confirmed = ctx.sqlite
    .prepare(`SELECT count(*) FROM ${from} WHERE ${parts.join(' AND ')}`)
    .pluck()
    .get(...params) as number;
  // Counted here rather than through listEpas, which orders every row it could return.
  const target = confirmationTarget(ctx);
  const awaiting = ctx.sqlite
    .prepare("SELECT count(*) FROM epas WHERE status = 'awaiting_confirmation'")
    .pluck()
    .get() as number;
  const atRisk = countAtRisk(ctx, atRiskCutoff(ctx, target), awaiting);
  return {
    confirmed,
    awaitingConfirmation: awaiting,
    atRisk,
    targetWorkingDays: target,
  };
}

export function getAnalyticsOverview(
  ctx: AppContext,
  filter: AnalyticsFilter,
): AnalyticsOverviewDto {
  const f = filterSql(ctx, filter);
  const databaseEmpty =
    ctx.sqlite.prepare('SELECT 1 FROM decisions LIMIT 1').pluck().get() === undefined;
  const decisions = { total: 0, held: 0, sampled: 0, released: 0 };
  const months = new Map<string, number>();
  let counts: Count[];
  if (f.sqlNoPeriod === '1') {
    counts = countDecisions(ctx, f, filter.from, filter.to);
    for (const c of counts) {
      decisions.total += c.count;
      if (c.status === 'held' || c.status === 'sampled' || c.status === 'released')
        decisions[c.status] += c.count;
    }
    for (const [month, n] of countByMonthUnfiltered(ctx, filter.from, filter.to))
      months.set(month, n);
  } else {
    // The months' counts summed are the period's, which coverage needs as well.
    const period = new Map<string, Count>();
    for (const c of countDecisionsByMonth(ctx, f, filter.from, filter.to)) {
      decisions.total += c.count;
      if (c.status === 'held' || c.status === 'sampled' || c.status === 'released')
        decisions[c.status] += c.count;
      months.set(c.month, (months.get(c.month) ?? 0) + c.count);
      const key = `${c.assessorId}|${c.grade}|${c.status}`;
      const p = period.get(key);
      if (p) p.count += c.count;
      else
        period.set(key, {
          assessorId: c.assessorId,
          grade: c.grade,
          status: c.status,
          count: c.count,
        });
    }
    counts = [...period.values()];
  }
  const coverage = getCoverage(ctx, filter, f, counts);
  const openAppeals = listAppeals(ctx, { openOnly: true }).rows;
  return {
    databaseEmpty,
    decisions,
    epas: epaFigures(ctx, filter, f.people),
    byMonth: [...months.entries()].sort().map(([month, count]) => ({ month, count })),
    floorRate: coverage.floorRate,
    coverage: coverage.rows,
    coverageGaps: coverage.gaps,
    backlog: backlog(ctx, f),
    standardisation: standardisation(ctx),
    appeals: {
      open: openAppeals.length,
      overdue: openAppeals.filter((a) => a.deadline?.urgency === 'overdue').length,
    },
  };
}
