/**
 * What a sampling plan draws from, read from the database: the held decisions in the period and
 * standards that no published plan already covers, with the attributes the rules look at.
 *
 * Built for a million decisions in scope: one pass over the held decisions in the period, with
 * names, flags and exclusions read in bulk beside it, and positions counted only for each
 * assessor's first few decisions (a window over all history and a subquery per row took 25 s).
 */
import type { AssessorRisk, ScopeAssessor, ScopeDecision } from '@shared/sampling';
import type { AppContext } from '../core/context';

export interface ScopeQuery {
  from: string;
  to: string;
  standards: string[];
  /** Leave out decisions already in the scope of this plan (top-ups). */
  excludePlanId?: number;
  /**
   * Positions among an assessor's decisions on a standard are counted exactly up to this, and
   * stored as this beyond it: only the "first N decisions" rule reads them (pass N + 1).
   */
  sequenceCap: number;
}

interface StandardMethods {
  code: string;
  methodIds: number[];
  versionIds: number[];
}

function standardsInScope(ctx: AppContext, codes: string[]): StandardMethods[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT st.code, m.id, v.id FROM standards st JOIN standard_versions v ON v.standard_id = st.id
       JOIN assessment_methods m ON m.standard_version_id = v.id
       WHERE st.code IN (SELECT value FROM json_each(?)) ORDER BY st.code, m.id`,
    )
    .raw(true)
    .all(JSON.stringify(codes)) as [string, number, number][];
  const out = new Map<string, StandardMethods>();
  for (const [code, methodId, versionId] of rows) {
    const s = out.get(code) ?? { code, methodIds: [], versionIds: [] };
    s.methodIds.push(methodId);
    if (!s.versionIds.includes(versionId)) s.versionIds.push(versionId);
    out.set(code, s);
  }
  return [...out.values()];
}

function lookup(ctx: AppContext, sql: string): Map<number, string> {
  return new Map(ctx.sqlite.prepare(sql).raw(true).all() as [number, string][]);
}

/** Decisions already spoken for: in a published plan, or in the plan being topped up. */
function takenIds(ctx: AppContext, q: ScopeQuery): Set<number> {
  const ids = ctx.sqlite
    .prepare(
      `SELECT s.decision_id FROM sampling_plans sp JOIN sampling_plan_scope s ON s.plan_id = sp.id
       WHERE (sp.status = 'published' OR sp.id = ?) AND sp.period_from <= ? AND sp.period_to >= ?`,
    )
    .pluck()
    .all(q.excludePlanId ?? -1, q.to, q.from) as number[];
  return new Set(ids);
}

type Row = [
  id: number,
  assessorId: number,
  methodId: number,
  grade: string,
  attempt: number,
  date: string,
  epaId: number,
];

interface EpaInfo {
  employer: string | null;
  provider: string | null;
  retake: boolean;
}

export function readScope(ctx: AppContext, q: ScopeQuery): ScopeDecision[] {
  const cap = q.sequenceCap;
  const standards = standardsInScope(ctx, q.standards);
  const methodCode = lookup(ctx, 'SELECT id, code FROM assessment_methods');
  const taken = takenIds(ctx, q);
  const flagsOf = new Map<number, string[]>();
  // Flags are few: read them from their own table, not by probing it for every decision.
  for (const [id, message] of ctx.sqlite
    .prepare(
      `SELECT f.decision_id, f.message FROM compliance_flags f CROSS JOIN decisions d ON d.id = f.decision_id
       WHERE d.status = 'held' AND d.assessment_date BETWEEN ? AND ? ORDER BY f.decision_id, f.id`,
    )
    .raw(true)
    .all(q.from, q.to) as [number, string][]) {
    const list = flagsOf.get(id);
    if (list) list.push(message);
    else flagsOf.set(id, [message]);
  }
  const held = ctx.sqlite
    .prepare(
      `SELECT d.id, d.assessor_id, d.method_id, d.grade, d.attempt, d.assessment_date, d.epa_id
       FROM decisions d INDEXED BY decisions_held_scope
       WHERE d.status = 'held' AND d.assessment_date BETWEEN ? AND ?
         AND d.method_id IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);

  const out: ScopeDecision[] = [];
  for (const standard of standards) {
    const methods = JSON.stringify(standard.methodIds);
    const rows = (held.all(q.from, q.to, methods) as Row[]).filter((r) => !taken.has(r[0]));
    const positions = assessorPositions(ctx, q, methods, [...new Set(rows.map((r) => r[1]))], cap);
    const epas = epaInfo(ctx, [...new Set(rows.map((r) => r[6]))], standard.versionIds);
    for (const r of rows) {
      const p = positions.get(r[1]);
      const e = epas.get(r[6]);
      out.push({
        id: r[0],
        assessorId: r[1],
        method: methodCode.get(r[2]) ?? String(r[2]),
        grade: r[3],
        attempt: r[4],
        employer: e?.employer ?? null,
        provider: e?.provider ?? null,
        assessmentDate: r[5],
        flags: flagsOf.get(r[0]) ?? [],
        assessorSequence: p?.early.get(r[0]) ?? cap,
        assessorStandardStart: p?.start ?? r[5],
        retake: e?.retake ?? false,
      });
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/**
 * Employer, provider and re-take for each EPA, read once per EPA rather than once per decision.
 * A re-take is an EPA after the apprentice's first on the same standard (a new gateway).
 */
function epaInfo(ctx: AppContext, epaIds: number[], versionIds: number[]): Map<number, EpaInfo> {
  // One string object per name, so the spread rules hash each name once.
  const employerName = lookup(ctx, 'SELECT id, name FROM employers');
  const providerUkprn = lookup(ctx, 'SELECT id, ukprn FROM providers');
  const out = new Map<number, EpaInfo>();
  const several: number[] = [];
  for (const [epaId, apprenticeId, employerId, providerId, others] of ctx.sqlite
    .prepare(
      `SELECT e.id, e.apprentice_id, p.employer_id, p.provider_id,
         EXISTS (SELECT 1 FROM epas y WHERE y.apprentice_id = e.apprentice_id AND y.id <> e.id)
       FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
       WHERE e.id IN (SELECT value FROM json_each(?))`,
    )
    .raw(true)
    .iterate(JSON.stringify(epaIds)) as Iterable<
    [number, number, number | null, number | null, number]
  >) {
    out.set(epaId, {
      employer: employerId === null ? null : (employerName.get(employerId) ?? null),
      provider: providerId === null ? null : (providerUkprn.get(providerId) ?? null),
      retake: false,
    });
    if (others) several.push(apprenticeId);
  }
  if (several.length === 0) return out;
  const history = ctx.sqlite
    .prepare(
      `SELECT apprentice_id, id FROM epas
       WHERE apprentice_id IN (SELECT value FROM json_each(?)) AND standard_version_id IN (SELECT value FROM json_each(?))
       ORDER BY apprentice_id, coalesce(gateway_date, ''), id`,
    )
    .raw(true)
    .all(JSON.stringify(several), JSON.stringify(versionIds)) as [number, number][];
  for (let i = 1; i < history.length; i++) {
    const [apprentice, epaId] = history[i] as [number, number];
    const info = out.get(epaId);
    if (info && apprentice === (history[i - 1] as [number, number])[0]) info.retake = true;
  }
  return out;
}

/**
 * Each assessor's first decision on the standard, and the positions (counting every decision,
 * whatever its status) of their first `cap` decisions: the only positions the rules read.
 */
function assessorPositions(
  ctx: AppContext,
  q: ScopeQuery,
  methods: string,
  assessorIds: number[],
  cap: number,
): Map<number, { start: string | null; early: Map<number, number> }> {
  const prior = ctx.sqlite
    .prepare(
      `SELECT assessment_date FROM decisions INDEXED BY decisions_assessor_date
       WHERE assessor_id = ? AND assessment_date < ? AND method_id IN (SELECT value FROM json_each(?))
       ORDER BY assessment_date LIMIT ?`,
    )
    .pluck();
  const firstInPeriod = ctx.sqlite
    .prepare(
      `SELECT id, assessment_date FROM decisions INDEXED BY decisions_assessor_date
       WHERE assessor_id = ? AND assessment_date BETWEEN ? AND ? AND method_id IN (SELECT value FROM json_each(?))
       ORDER BY assessment_date, id LIMIT ?`,
    )
    .raw(true);
  const out = new Map<number, { start: string | null; early: Map<number, number> }>();
  for (const assessorId of assessorIds) {
    const before = prior.all(assessorId, q.from, methods, cap) as string[];
    const early = new Map<number, number>();
    let start = before[0] ?? null;
    if (before.length < cap) {
      const first = firstInPeriod.all(assessorId, q.from, q.to, methods, cap - before.length) as [
        number,
        string,
      ][];
      first.forEach(([id], i) => early.set(id, before.length + i + 1));
      start ??= first[0]?.[1] ?? null;
    }
    out.set(assessorId, { start, early });
  }
  return out;
}

/**
 * Sources of assessor risk. Each domain that knows of a risk (moderation disagreements here;
 * appeals, standardisation and outlier analysis elsewhere) registers a provider. `previousFrom`
 * is the start of the look-back: the two periods before `from`, because an uplift falls away
 * only after two clean periods (tighten fast, relax slowly).
 */
export type RiskProvider = (
  ctx: AppContext,
  period: {
    from: string;
    to: string;
    previousFrom: string;
    standards?: string[];
    params?: { newAssessorMonths: number; newAssessorFollowOnMonths: number };
  },
  assessorIds: number[],
) => Map<number, AssessorRisk[]>;

const providers: RiskProvider[] = [];

export function registerRiskProvider(provider: RiskProvider): void {
  if (!providers.includes(provider)) providers.push(provider);
}

/**
 * The start of the two periods, each as long as this one, just before `from`: whole months for
 * a period of whole months (a month, a quarter), otherwise days.
 */
export function previousPeriodStart(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const monthEnd = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (fd === 1 && td === monthEnd) {
    const months = ty * 12 + tm - (fy * 12 + fm) + 1;
    return new Date(Date.UTC(fy, fm - 1 - 2 * months, 1)).toISOString().slice(0, 10);
  }
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  return new Date(Date.parse(from) - 2 * days * 86_400_000).toISOString().slice(0, 10);
}

export function readAssessors(
  ctx: AppContext,
  ids: number[],
  period: {
    from: string;
    to: string;
    standards?: string[];
    params?: { newAssessorMonths: number; newAssessorFollowOnMonths: number };
  },
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

/** A moderation in the look-back that changed the assessor's grade. */
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
          detail: `${n} moderation disagreement(s) since ${period.previousFrom}, latest ${last}`,
        },
      ],
    ]),
  );
};
