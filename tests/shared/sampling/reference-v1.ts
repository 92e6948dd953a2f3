/**
 * The sampling rules exactly as first published (sampling-rules/1), frozen here as an oracle:
 * the optimised generator must select the same sample for rules/1 plans, or plans published
 * under them would stop verifying. Do not edit except to keep it compiling.
 */
import { createRng } from '@shared/random';
import { DEFAULT_SAMPLING_PARAMS, type RiskCode, type SamplingParams } from '@shared/sampling';

const SAMPLING_RULES_VERSION = 'sampling-rules/1';

export interface ScopeDecision {
  id: number;
  assessorId: number;
  method: string;
  grade: string;
  attempt: number;
  employer: string | null;
  provider: string | null;
  assessmentDate: string;
  /** Compliance flag messages, e.g. "questioning 22% of observation (limit 15%)". */
  flags: readonly string[];
  /** 1-based position among the assessor's decisions on this standard, all time. */
  assessorSequence: number;
}

export interface AssessorRisk {
  code: RiskCode;
  /** Plain English, e.g. "disagreement on 3 March 2026". */
  detail: string;
}

export interface ScopeAssessor {
  id: number;
  ref: string;
  /** When they started with the EPAO (YYYY-MM-DD), if known. */
  startDate: string | null;
  risks: readonly AssessorRisk[];
}

export interface PlanInput {
  seed: number;
  params?: SamplingParams;
  assessors: readonly ScopeAssessor[];
  decisions: readonly ScopeDecision[];
}

export interface SampledItem {
  decisionId: number;
  assessorId: number;
  reasons: string[];
}

export interface AssessorPlanSummary {
  assessorId: number;
  decisions: number;
  floor: number;
  /** The risk-adjusted target (never below the floor). */
  target: number;
  sampled: number;
  rate: number;
  reasons: Record<string, number>;
}

export interface PlanResult {
  rulesVersion: string;
  items: SampledItem[];
  assessors: AssessorPlanSummary[];
}

export const REASON = {
  floor: '5% floor',
  newAssessor: 'new assessor',
  flag: (message: string) => `compliance flag: ${message}`,
  uplift: (what: string) => `risk uplift: ${what}`,
  spreadMethod: (m: string) => `spread: method ${m}`,
  spreadGrade: (g: string) => `spread: grade ${g}`,
  spreadEmployer: 'spread: employer or provider not yet sampled',
  weighting: (what: string) => `${what} weighting`,
} as const;

const RISK_WORDS: Record<Exclude<RiskCode, 'new_assessor'>, string> = {
  disagreement: 'moderation disagreement last period',
  upheld_appeal: 'upheld appeal last period',
  standardisation_overdue: 'standardisation overdue',
  outlier: 'outlying grade profile',
};

/** ceil(rate x n) without floating-point surprises (0.05 x 60 is 3.0000000000000004). */
export function ceilShare(rate: number, n: number): number {
  return Math.ceil(Math.round(rate * n * 1e9) / 1e9);
}

/** The plan's floor for an assessor with n decisions in scope. */
export function floorFor(n: number, floorRate = DEFAULT_SAMPLING_PARAMS.floorRate): number {
  return n <= 0 ? 0 : Math.max(1, ceilShare(floorRate, n));
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** A 32-bit seed per assessor, mixed from the plan's seed (murmur3's finaliser). */
function mixSeed(seed: number, assessorId: number): number {
  let h = (seed ^ Math.imul(assessorId + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function weightOf(d: ScopeDecision, params: SamplingParams): number {
  const byGrade = (params.weights as Record<string, number>)[d.grade] ?? 1;
  return Math.max(1e-6, byGrade * (d.attempt > 1 ? params.weights.resit : 1));
}

function weightingReasons(d: ScopeDecision, params: SamplingParams): string[] {
  const out: string[] = [];
  const byGrade = (params.weights as Record<string, number>)[d.grade] ?? 1;
  if (byGrade > params.weights.Pass) out.push(REASON.weighting(d.grade.toLowerCase()));
  if (d.attempt > 1 && params.weights.resit > 1) out.push(REASON.weighting('re-sit'));
  return out;
}

function sampleAssessor(
  assessor: ScopeAssessor | undefined,
  assessorId: number,
  decisions: ScopeDecision[],
  params: SamplingParams,
  seed: number,
): { items: SampledItem[]; summary: AssessorPlanSummary } {
  const n = decisions.length;
  const floor = floorFor(n, params.floorRate);
  const risks = [...new Set((assessor?.risks ?? []).map((r) => r.code))].sort() as Exclude<
    RiskCode,
    'new_assessor'
  >[];
  const uplift = risks.reduce((sum, code) => sum + params.uplift[code], 0);
  const rate = Math.min(1, params.floorRate + uplift);
  const target = Math.min(n, Math.max(floor, ceilShare(rate, n)));
  const upliftWhat = risks.map((r) => RISK_WORDS[r]).join(', ');

  const byId = new Map(decisions.map((d) => [d.id, d]));
  const chosen = new Map<number, string[]>();
  const order: number[] = [];
  const choose = (d: ScopeDecision, reasons: string[]): void => {
    const existing = chosen.get(d.id);
    if (existing) {
      existing.push(...reasons.filter((r) => !existing.includes(r)));
      return;
    }
    chosen.set(d.id, [...reasons]);
    order.push(d.id);
  };

  // 1. Mandatory: compliance flags, and a new assessor's early work.
  const newUntil =
    assessor?.startDate && params.newAssessorMonths > 0
      ? addMonths(assessor.startDate, params.newAssessorMonths)
      : null;
  for (const d of decisions) {
    const reasons: string[] = [];
    if (params.alwaysSampleFlagged) for (const f of d.flags) reasons.push(REASON.flag(f));
    const early =
      d.assessorSequence <= params.newAssessorDecisions ||
      (newUntil !== null && d.assessmentDate < newUntil);
    if (early) reasons.push(REASON.newAssessor);
    if (reasons.length) choose(d, reasons);
  }

  // 2. A weighted random order of the rest (Efraimidis-Spirakis keys), drawn once.
  const rng = createRng(mixSeed(seed, assessorId));
  const keyed = decisions.map((d) => ({ d, key: -Math.log(1 - rng.next()) / weightOf(d, params) }));
  keyed.sort((a, b) => a.key - b.key || a.d.id - b.d.id);
  const ordered = keyed.map((k) => k.d);
  const room = (): boolean => order.length < target;

  // 3. Spread: each method, each grade, then employers and providers, before any repetition.
  const covered = {
    method: new Set<string>(),
    grade: new Set<string>(),
    employer: new Set<string>(),
    provider: new Set<string>(),
  };
  const cover = (d: ScopeDecision): void => {
    covered.method.add(d.method);
    covered.grade.add(d.grade);
    if (d.employer !== null) covered.employer.add(d.employer);
    if (d.provider !== null) covered.provider.add(d.provider);
  };
  for (const id of order) cover(byId.get(id) as ScopeDecision);
  const pass = (test: (d: ScopeDecision) => string | null): void => {
    for (const d of ordered) {
      if (!room()) return;
      if (chosen.has(d.id)) continue;
      const reason = test(d);
      if (reason !== null) {
        choose(d, [reason]);
        cover(d);
      }
    }
  };
  const newEmployer = (d: ScopeDecision): boolean =>
    d.employer !== null && !covered.employer.has(d.employer);
  const newProvider = (d: ScopeDecision): boolean =>
    d.provider !== null && !covered.provider.has(d.provider);
  const newPlace = (d: ScopeDecision): boolean => newEmployer(d) || newProvider(d);
  // Methods and grades first, preferring a decision that also brings a new employer or provider.
  pass((d) =>
    !covered.method.has(d.method) && newPlace(d) ? REASON.spreadMethod(d.method) : null,
  );
  pass((d) => (covered.method.has(d.method) ? null : REASON.spreadMethod(d.method)));
  pass((d) => (!covered.grade.has(d.grade) && newPlace(d) ? REASON.spreadGrade(d.grade) : null));
  pass((d) => (covered.grade.has(d.grade) ? null : REASON.spreadGrade(d.grade)));
  pass((d) => (newEmployer(d) && newProvider(d) ? REASON.spreadEmployer : null));
  pass((d) => (newPlace(d) ? REASON.spreadEmployer : null));

  // 4. Weighted draw for the rest of the target.
  pass(() => 'drawn');

  // Quota reasons: the first `floor` items meet the plan's floor; the rest are the uplift.
  const items: SampledItem[] = order.map((id, index) => {
    const d = byId.get(id) as ScopeDecision;
    const raw = (chosen.get(id) as string[]).filter((r) => r !== 'drawn');
    const reasons: string[] = [];
    if (index < floor) reasons.push(REASON.floor);
    else if (
      uplift > 0 &&
      index < target &&
      !raw.some((r) => r.startsWith('compliance flag') || r === REASON.newAssessor)
    ) {
      reasons.push(REASON.uplift(upliftWhat));
    }
    reasons.push(...raw, ...weightingReasons(d, params));
    return { decisionId: id, assessorId, reasons };
  });

  const counts: Record<string, number> = {};
  for (const item of items) {
    for (const r of item.reasons) {
      const key = r.startsWith('compliance flag')
        ? 'compliance flag'
        : r.startsWith('risk uplift')
          ? 'risk uplift'
          : r.startsWith('spread')
            ? 'spread'
            : r;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return {
    items,
    summary: {
      assessorId,
      decisions: n,
      floor,
      target,
      sampled: items.length,
      rate,
      reasons: counts,
    },
  };
}

export function generatePlan(input: PlanInput): PlanResult {
  const params = input.params ?? DEFAULT_SAMPLING_PARAMS;
  const byAssessor = new Map<number, ScopeDecision[]>();
  const sorted = [...input.decisions].sort((a, b) => a.id - b.id);
  for (const d of sorted) {
    const list = byAssessor.get(d.assessorId);
    if (list) list.push(d);
    else byAssessor.set(d.assessorId, [d]);
  }
  const assessors = new Map(input.assessors.map((a) => [a.id, a]));
  const items: SampledItem[] = [];
  const summaries: AssessorPlanSummary[] = [];
  for (const assessorId of [...byAssessor.keys()].sort((a, b) => a - b)) {
    const result = sampleAssessor(
      assessors.get(assessorId),
      assessorId,
      byAssessor.get(assessorId) as ScopeDecision[],
      params,
      input.seed,
    );
    items.push(...result.items);
    summaries.push(result.summary);
  }
  items.sort((a, b) => a.decisionId - b.decisionId);
  return { rulesVersion: SAMPLING_RULES_VERSION, items, assessors: summaries };
}

export interface FloorShortfall {
  assessorId: number;
  decisions: number;
  floor: number;
  sampled: number;
}

/** Assessors whose sample would fall below the floor: publishing or removing must refuse. */
export function floorShortfalls(
  decisionsPerAssessor: ReadonlyMap<number, number>,
  sampledPerAssessor: ReadonlyMap<number, number>,
  floorRate = DEFAULT_SAMPLING_PARAMS.floorRate,
): FloorShortfall[] {
  const out: FloorShortfall[] = [];
  for (const [assessorId, n] of decisionsPerAssessor) {
    const floor = floorFor(n, floorRate);
    const sampled = sampledPerAssessor.get(assessorId) ?? 0;
    if (sampled < floor) out.push({ assessorId, decisions: n, floor, sampled });
  }
  return out;
}
