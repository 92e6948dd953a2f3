/**
 * What a sampling plan draws from, read from the database: the held decisions in the period and
 * standards that no published plan already covers, with the attributes the rules look at.
 */
import type { AssessorRisk, ScopeAssessor, ScopeDecision } from '@shared/sampling';
import type { AppContext } from '../core/context';

export interface ScopeQuery {
  from: string;
  to: string;
  standards: string[];
  /** Leave out decisions already in the scope of this plan (top-ups). */
  excludePlanId?: number;
}

type Row = [
  number,
  number,
  string,
  string,
  number,
  string | null,
  string | null,
  string,
  string | null,
  number,
];

export function readScope(ctx: AppContext, q: ScopeQuery): ScopeDecision[] {
  const standardList = q.standards.map(() => '?').join(',');
  const rows = ctx.sqlite
    .prepare(
      `WITH seq AS (
         SELECT d.id, ROW_NUMBER() OVER (
           PARTITION BY d.assessor_id, v.standard_id ORDER BY d.assessment_date, d.id) AS n
         FROM decisions d JOIN epas e ON e.id = d.epa_id
         JOIN standard_versions v ON v.id = e.standard_version_id
         JOIN standards st ON st.id = v.standard_id
         WHERE st.code IN (${standardList}) AND d.assessment_date <= ?
       )
       SELECT d.id, d.assessor_id, m.code, d.grade, d.attempt, emp.name, pr.ukprn, d.assessment_date,
         (SELECT json_group_array(f.message) FROM compliance_flags f WHERE f.decision_id = d.id),
         seq.n
       FROM decisions d
       JOIN seq ON seq.id = d.id
       JOIN assessment_methods m ON m.id = d.method_id
       JOIN epas e ON e.id = d.epa_id
       JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id
       LEFT JOIN providers pr ON pr.id = p.provider_id
       WHERE d.assessment_date BETWEEN ? AND ? AND d.status = 'held'
         AND NOT EXISTS (
           SELECT 1 FROM sampling_plan_scope s JOIN sampling_plans sp ON sp.id = s.plan_id
           WHERE s.decision_id = d.id AND (sp.status = 'published' OR sp.id = ?))
       ORDER BY d.id`,
    )
    .raw(true)
    .all(...q.standards, q.to, q.from, q.to, q.excludePlanId ?? -1) as Row[];
  return rows.map(
    ([id, assessorId, method, grade, attempt, employer, provider, date, flags, n]) => ({
      id,
      assessorId,
      method,
      grade,
      attempt,
      employer,
      provider,
      assessmentDate: date,
      flags: flags ? (JSON.parse(flags) as string[]) : [],
      assessorSequence: n,
    }),
  );
}

/**
 * Sources of assessor risk. Each domain that knows of a risk (moderation disagreements here;
 * appeals, standardisation and outlier analysis elsewhere) registers a provider.
 */
export type RiskProvider = (
  ctx: AppContext,
  period: { from: string; to: string; previousFrom: string },
  assessorIds: number[],
) => Map<number, AssessorRisk[]>;

const providers: RiskProvider[] = [];

export function registerRiskProvider(provider: RiskProvider): void {
  if (!providers.includes(provider)) providers.push(provider);
}

/** The period of the same length just before `from`. */
export function previousPeriodStart(from: string, to: string): string {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  return new Date(Date.parse(from) - days * 86_400_000).toISOString().slice(0, 10);
}

export function readAssessors(
  ctx: AppContext,
  ids: number[],
  period: { from: string; to: string },
): ScopeAssessor[] {
  if (ids.length === 0) return [];
  const rows = ctx.sqlite
    .prepare(
      `SELECT id, ref, start_date FROM assessors WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .raw(true)
    .all(JSON.stringify(ids)) as [number, string, string | null][];
  const risks = new Map<number, AssessorRisk[]>();
  const p = { ...period, previousFrom: previousPeriodStart(period.from, period.to) };
  for (const provider of providers) {
    for (const [id, found] of provider(ctx, p, ids))
      risks.set(id, [...(risks.get(id) ?? []), ...found]);
  }
  return rows.map(([id, ref, startDate]) => ({ id, ref, startDate, risks: risks.get(id) ?? [] }));
}

/** A moderation in the previous period that changed the assessor's grade. */
export const disagreementRisk: RiskProvider = (ctx, period) => {
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.assessor_id, count(*), max(r.moderation_date) FROM moderation_records r
       JOIN decisions d ON d.id = r.decision_id
       WHERE r.moderation_date >= ? AND r.moderation_date < ? AND r.moderated_grade <> r.original_grade
       GROUP BY d.assessor_id`,
    )
    .raw(true)
    .all(period.previousFrom, period.from) as [number, number, string][];
  return new Map(
    rows.map(([id, n, last]) => [
      id,
      [
        {
          code: 'disagreement' as const,
          detail: `${n} moderation disagreement(s) last period, latest ${last}`,
        },
      ],
    ]),
  );
};
