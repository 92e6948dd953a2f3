/**
 * What the evidence pack reports, read once: the same services and DTOs the dashboards use, so
 * an external quality assurer sees the figures the IQA lead saw on screen.
 */
import { OUTCOME_LABELS, ACTIVITY_LABELS, outcomeLabel } from '@shared/contract';
import type {
  AnalyticsFilter,
  AppealRowDto,
  ConsistencyDto,
  CoverageRowDto,
  HeatmapDto,
} from '@shared/contract';
import { COMPLIANCE_LABELS } from '@shared/standardisation';
import type { AppContext } from '../core/context';
import { assessorStates } from '../standardisation/compliance';
import { today } from '../core/context';
import { currentActor } from '../audit/audit';
import { listAppeals } from '../appeals/service';
import { getConsistency } from './consistency';
import { getCoverage } from './coverage';
import { filterSql } from './filter';
import { getHeatmap } from './heatmap';
import { SETTLES } from '../moderation/settled';

export interface PlanSummary {
  id: number;
  title: string;
  from: string;
  to: string;
  status: string;
  publishedBy: string | null;
  publishedAt: string | null;
  rulesVersion: string;
  seed: number;
  inScope: number;
  sampled: number;
  moderated: number;
}

export interface StandardisationEvent {
  date: string;
  title: string;
  format: string | null;
  attended: number;
  apologies: number;
  absent: number;
}

export interface EvidenceData {
  filter: AnalyticsFilter;
  producedAt: string;
  producedBy: string;
  database: { path: string; schemaVersion: number; decisions: number };
  plans: PlanSummary[];
  floorRate: number;
  coverage: CoverageRowDto[];
  moderation: {
    records: number;
    gradeChanged: number;
    byOutcome: [string, number][];
    byActivity: [string, number][];
    actions: { total: number; closed: number; open: number; overdue: number };
  };
  standardisation: {
    events: StandardisationEvent[];
    /** Judged at the end of the period, as the Compliance tab would have shown it then. */
    assessors: {
      ref: string;
      name: string;
      status: string;
      lastAttended: string | null;
      dueBy: string | null;
    }[];
  };
  appeals: AppealRowDto[];
  consistency: ConsistencyDto;
  heatmap: HeatmapDto;
}

function plans(ctx: AppContext, f: AnalyticsFilter): PlanSummary[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT id, title, period_from AS "from", period_to AS "to", status, published_by AS publishedBy,
         published_at AS publishedAt, rules_version AS rulesVersion, seed
       FROM sampling_plans WHERE period_from <= ? AND period_to >= ? ORDER BY period_from, id`,
    )
    .all(f.to, f.from) as Omit<PlanSummary, 'inScope' | 'sampled' | 'moderated'>[];
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id).join(',');
  const count = (sql: string): Map<number, number> =>
    new Map(ctx.sqlite.prepare(sql).raw(true).all() as [number, number][]);
  const scope = count(
    `SELECT plan_id, sum(decisions) FROM sampling_plan_scope_assessors WHERE plan_id IN (${ids}) GROUP BY plan_id`,
  );
  const sampled = count(
    `SELECT plan_id, count(*) FROM sampling_plan_items WHERE plan_id IN (${ids}) AND removed_at IS NULL GROUP BY plan_id`,
  );
  const moderated = count(
    `SELECT i.plan_id, count(*) FROM sampling_plan_items i WHERE i.plan_id IN (${ids}) AND i.removed_at IS NULL
       AND EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = i.decision_id
                   AND ${SETTLES})
     GROUP BY i.plan_id`,
  );
  return rows.map((r) => ({
    ...r,
    inScope: scope.get(r.id) ?? 0,
    sampled: sampled.get(r.id) ?? 0,
    moderated: moderated.get(r.id) ?? 0,
  }));
}

function moderation(ctx: AppContext, filter: AnalyticsFilter): EvidenceData['moderation'] {
  const f = filterSql(ctx, filter);
  const from = `FROM moderation_records r JOIN decisions d ON d.id = r.decision_id
    WHERE r.moderation_date BETWEEN ? AND ? AND ${f.sqlNoPeriod}`;
  const params = [filter.from, filter.to, ...f.paramsNoPeriod];
  const grouped = (column: string, labels: Record<string, string>): [string, number][] =>
    (
      ctx.sqlite
        .prepare(
          `SELECT coalesce(${column}, 'not recorded'), count(*) ${from} GROUP BY 1 ORDER BY 2 DESC`,
        )
        .raw(true)
        .all(...params) as [string, number][]
    ).map(([k, n]) => [labels[k] ?? k, n]);
  const totals = ctx.sqlite
    // History older than a later moderation is a record, but changed no grade.
    .prepare(
      `SELECT count(*), coalesce(sum(r.original_grade <> r.moderated_grade AND r.superseded_by IS NULL), 0) ${from}`,
    )
    .raw(true)
    .get(...params) as [number, number];
  const actions = ctx.sqlite
    .prepare(
      `SELECT count(*), coalesce(sum(a.closed_at IS NOT NULL), 0),
         coalesce(sum(a.closed_at IS NULL AND a.due_date < ?), 0)
       FROM moderation_actions a JOIN moderation_records r ON r.id = a.record_id
       JOIN decisions d ON d.id = r.decision_id
       WHERE r.moderation_date BETWEEN ? AND ? AND ${f.sqlNoPeriod}`,
    )
    .raw(true)
    .get(today(ctx), ...params) as [number, number, number];
  return {
    records: totals[0],
    gradeChanged: totals[1],
    // Imported history without an outcome is shown as such, never folded into another outcome.
    byOutcome: grouped(
      `coalesce(r.outcome, 'not recorded' || iif(r.source = 'import', ' (imported)', ''))`,
      {
        ...OUTCOME_LABELS,
        'not recorded': outcomeLabel(null),
        'not recorded (imported)': outcomeLabel(null, 'import'),
      },
    ),
    byActivity: grouped('r.activity', ACTIVITY_LABELS),
    actions: {
      total: actions[0],
      closed: actions[1],
      open: actions[0] - actions[1],
      overdue: actions[2],
    },
  };
}

function standardisation(ctx: AppContext, f: AnalyticsFilter): EvidenceData['standardisation'] {
  const events = ctx.sqlite
    .prepare(
      `SELECT e.event_date AS date, e.title, e.format,
         coalesce(sum(t.attendance = 'attended'), 0) AS attended,
         coalesce(sum(t.attendance = 'apologies'), 0) AS apologies,
         coalesce(sum(t.attendance = 'absent'), 0) AS absent
       FROM standardisation_events e LEFT JOIN standardisation_attendance t ON t.event_id = e.id
       WHERE e.event_date BETWEEN ? AND ? GROUP BY e.id ORDER BY e.event_date`,
    )
    .all(f.from, f.to) as StandardisationEvent[];
  const assessors = assessorStates(ctx, f.to, 'all')
    .filter((a) => a.required && (!f.assessor || a.facts.ref === f.assessor))
    .sort((a, b) => a.facts.ref.localeCompare(b.facts.ref))
    .map((a) => ({
      ref: a.facts.ref,
      name: a.facts.name,
      status: COMPLIANCE_LABELS[a.compliance.status],
      lastAttended: a.compliance.lastAttended,
      dueBy: a.compliance.dueBy,
    }));
  return { events, assessors };
}

export function gatherEvidence(ctx: AppContext, filter: AnalyticsFilter): EvidenceData {
  const f = filterSql(ctx, filter);
  const coverage = getCoverage(ctx, filter, f);
  return {
    filter,
    producedAt: ctx.clock().toISOString(),
    producedBy: currentActor(ctx).name,
    database: {
      path: ctx.store.path,
      schemaVersion: ctx.store.schemaVersion,
      decisions: ctx.sqlite.prepare('SELECT count(*) FROM decisions').pluck().get() as number,
    },
    plans: plans(ctx, filter),
    floorRate: coverage.floorRate,
    coverage: coverage.rows,
    moderation: moderation(ctx, filter),
    standardisation: standardisation(ctx, filter),
    appeals: listAppeals(ctx, { openOnly: false }).rows.filter(
      (a) => a.receivedDate >= filter.from && a.receivedDate <= filter.to,
    ),
    consistency: getConsistency(ctx, filter),
    heatmap: getHeatmap(ctx, filter),
  };
}
