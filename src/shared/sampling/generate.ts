/**
 * Risk-based sampling with the assessment plan's guarantee: at least ceil(5% x n) of every
 * assessor's n decisions (and one where n >= 1). Pure and deterministic: the same inputs and seed
 * give the same sample, which is what lets `sample verify` prove a plan was not cherry-picked.
 *
 * Per assessor: mandatory items first (compliance flags, a new assessor's early decisions), then
 * spread (each method, each grade, then as many employers and providers as the size allows),
 * then a weighted draw (Distinctions, Fails, re-sits and re-takes above Passes) up to the risk-adjusted
 * target. Each assessor gets their own random stream, so one assessor's decisions never change
 * another's sample.
 */
import { createRng } from '../random';
import {
  DEFAULT_SAMPLING_PARAMS,
  SAMPLING_RULES_VERSION,
  type RiskCode,
  type SamplingParams,
} from './params';
import { addCalendarMonths } from '../standards';

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
  /**
   * 1-based position among the assessor's decisions on this standard, all time. Exact up to a
   * little beyond `newAssessorDecisions` (the only use); larger values may be lower bounds.
   */
  assessorSequence: number;
  /** The assessor's first decision on this standard (YYYY-MM-DD): rules/2 samples their first months on it. */
  assessorStandardStart?: string | null;
  /** A re-take: the apprentice's earlier EPA on this standard ended without this one (rules/2). */
  retake?: boolean;
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
  /** The rules a stored plan was generated under; the current version by default. */
  rulesVersion?: string;
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

const RISK_WORDS: Record<RiskCode, string> = {
  disagreement: 'moderation disagreement last period',
  upheld_appeal: 'upheld appeal last period',
  standardisation_overdue: 'standardisation overdue',
  outlier: 'outlying grade profile',
  new_assessor: 'recently new assessor',
};

/** From rules/2 a risk may come from either of the last two periods, or an escalation now. */
const RISK_WORDS_V2: Record<RiskCode, string> = {
  ...RISK_WORDS,
  disagreement: 'moderation disagreement',
  upheld_appeal: 'upheld appeal',
};

/** ceil(rate x n) without floating-point surprises (0.05 x 60 is 3.0000000000000004). */
export function ceilShare(rate: number, n: number): number {
  return Math.ceil(Math.round(rate * n * 1e9) / 1e9);
}

/** The plan's floor for an assessor with n decisions in scope. */
export function floorFor(n: number, floorRate = DEFAULT_SAMPLING_PARAMS.floorRate): number {
  return n <= 0 ? 0 : Math.max(1, ceilShare(floorRate, n));
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

interface Context {
  params: SamplingParams;
  /** Rules from sampling-rules/2 on: first months on a standard at 100%, re-take weighting. */
  v2: boolean;
  seed: number;
}

const isV2 = (version: string): boolean => version !== 'sampling-rules/1';

function weightOf(d: ScopeDecision, c: Context): number {
  const byGrade = (c.params.weights as Record<string, number>)[d.grade] ?? 1;
  const again = d.attempt > 1 || (c.v2 && d.retake === true);
  return Math.max(1e-6, byGrade * (again ? c.params.weights.resit : 1));
}

function weightingReasons(d: ScopeDecision, c: Context): string[] {
  const out: string[] = [];
  const byGrade = (c.params.weights as Record<string, number>)[d.grade] ?? 1;
  if (byGrade > c.params.weights.Pass) out.push(REASON.weighting(d.grade.toLowerCase()));
  if (c.params.weights.resit > 1) {
    if (d.attempt > 1) out.push(REASON.weighting('re-sit'));
    else if (c.v2 && d.retake === true) out.push(REASON.weighting('re-take'));
  }
  return out;
}

function reasonKey(r: string): string {
  return r.startsWith('compliance flag')
    ? 'compliance flag'
    : r.startsWith('risk uplift')
      ? 'risk uplift'
      : r.startsWith('spread')
        ? 'spread'
        : r;
}

/**
 * Indices 0..n-1 in ascending order of (key, index), as a function from position to index that
 * orders only as far as it has been asked.
 */
function lazyOrder(keys: Float64Array): (k: number) => number {
  const n = keys.length;
  const heap = new Uint32Array(n);
  for (let i = 0; i < n; i++) heap[i] = i;
  const before = (a: number, b: number): boolean => {
    const ka = keys[a] as number;
    const kb = keys[b] as number;
    return ka < kb || (ka === kb && a < b);
  };
  const down = (from: number, size: number): void => {
    let i = from;
    const item = heap[i] as number;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && before(heap[right] as number, heap[child] as number)) child = right;
      if (!before(heap[child] as number, item)) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    heap[i] = item;
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) down(i, n);
  const out = new Uint32Array(n);
  let taken = 0;
  return (k) => {
    while (taken <= k) {
      const size = n - taken;
      out[taken++] = heap[0] as number;
      heap[0] = heap[size - 1] as number;
      down(0, size - 1);
    }
    return out[k] as number;
  };
}

/**
 * The draw for one assessor. Written for speed at a million decisions (indices and typed arrays
 * rather than a Map and an object per decision) but selecting exactly what sampling-rules/1
 * selected for the same inputs; tests/shared/sampling/reference-v1.ts is the oracle.
 */
function sampleAssessor(
  assessor: ScopeAssessor | undefined,
  assessorId: number,
  decisions: ScopeDecision[],
  c: Context,
): { items: SampledItem[]; summary: AssessorPlanSummary } {
  const { params } = c;
  const n = decisions.length;
  const floor = floorFor(n, params.floorRate);
  const risks = [...new Set((assessor?.risks ?? []).map((r) => r.code))].sort();
  const uplift = risks.reduce((sum, code) => sum + (params.uplift[code] ?? 0), 0);
  const rate = Math.min(1, params.floorRate + uplift);
  const target = Math.min(n, Math.max(floor, ceilShare(rate, n)));
  const words = c.v2 ? RISK_WORDS_V2 : RISK_WORDS;
  const upliftWhat = risks.map((r) => words[r]).join(', ');

  // Chosen decisions by index into `decisions`, in the order chosen, with their reasons.
  const reasonsAt: (string[] | undefined)[] = new Array<string[] | undefined>(n);
  const order: number[] = [];
  const choose = (i: number, reasons: string[]): void => {
    const existing = reasonsAt[i];
    if (existing) {
      for (const r of reasons) if (!existing.includes(r)) existing.push(r);
      return;
    }
    reasonsAt[i] = reasons;
    order.push(i);
  };

  // 1. Mandatory: compliance flags, and a new assessor's early work (with the EPAO, or, from
  // rules/2, on this standard).
  const newUntil =
    assessor?.startDate && params.newAssessorMonths > 0
      ? addCalendarMonths(assessor.startDate, params.newAssessorMonths)
      : null;
  const standardUntil = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const d = decisions[i] as ScopeDecision;
    let early =
      d.assessorSequence <= params.newAssessorDecisions ||
      (newUntil !== null && d.assessmentDate < newUntil);
    if (!early && c.v2 && d.assessorStandardStart && params.newAssessorMonths > 0) {
      let until = standardUntil.get(d.assessorStandardStart);
      if (until === undefined) {
        until = addCalendarMonths(d.assessorStandardStart, params.newAssessorMonths);
        standardUntil.set(d.assessorStandardStart, until);
      }
      early = d.assessmentDate < until;
    }
    const flagged = params.alwaysSampleFlagged && d.flags.length > 0;
    if (!early && !flagged) continue;
    const reasons = flagged ? d.flags.map(REASON.flag) : [];
    if (early) reasons.push(REASON.newAssessor);
    choose(i, reasons);
  }

  // 2. A weighted random order of the rest (Efraimidis-Spirakis keys), drawn once, in id order.
  const rng = createRng(mixSeed(c.seed, assessorId));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++)
    keys[i] = -Math.log(1 - rng.next()) / weightOf(decisions[i] as ScopeDecision, c);
  // Decisions are in id order, so the index breaks ties exactly as the id did. The passes below
  // mostly stop within the first few target-sized stretches of this order, so it is produced
  // lazily from a binary heap (O(n) to build, O(log n) per decision taken) instead of sorting
  // all n: the same order, as far as it is read.
  const ordered = lazyOrder(keys);

  // 3. Spread: each method, each grade, then employers and providers, before any repetition.
  const all = {
    method: new Set<string>(),
    grade: new Set<string>(),
    employer: new Set<string>(),
    provider: new Set<string>(),
  };
  for (const d of decisions) {
    all.method.add(d.method);
    all.grade.add(d.grade);
    if (d.employer !== null) all.employer.add(d.employer);
    if (d.provider !== null) all.provider.add(d.provider);
  }
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
  for (const i of order) cover(decisions[i] as ScopeDecision);
  const done = {
    method: () => covered.method.size === all.method.size,
    grade: () => covered.grade.size === all.grade.size,
    place: () =>
      covered.employer.size === all.employer.size && covered.provider.size === all.provider.size,
    never: () => false,
  };
  // Once everything a pass looks for is covered, no later decision can match it: stop early.
  const pass = (exhausted: () => boolean, test: (d: ScopeDecision) => string | null): void => {
    for (let k = 0; k < n; k++) {
      if (order.length >= target || exhausted()) return;
      const i = ordered(k);
      if (reasonsAt[i]) continue;
      const d = decisions[i] as ScopeDecision;
      const reason = test(d);
      if (reason !== null) {
        choose(i, [reason]);
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
  const methodOrPlace = (): boolean => done.method() || done.place();
  const gradeOrPlace = (): boolean => done.grade() || done.place();
  pass(methodOrPlace, (d) =>
    !covered.method.has(d.method) && newPlace(d) ? REASON.spreadMethod(d.method) : null,
  );
  pass(done.method, (d) => (covered.method.has(d.method) ? null : REASON.spreadMethod(d.method)));
  pass(gradeOrPlace, (d) =>
    !covered.grade.has(d.grade) && newPlace(d) ? REASON.spreadGrade(d.grade) : null,
  );
  pass(done.grade, (d) => (covered.grade.has(d.grade) ? null : REASON.spreadGrade(d.grade)));
  pass(
    () =>
      covered.employer.size === all.employer.size || covered.provider.size === all.provider.size,
    (d) => (newEmployer(d) && newProvider(d) ? REASON.spreadEmployer : null),
  );
  pass(done.place, (d) => (newPlace(d) ? REASON.spreadEmployer : null));

  // 4. Weighted draw for the rest of the target.
  pass(done.never, () => 'drawn');

  // Quota reasons: the first `floor` items meet the plan's floor; the rest are the uplift.
  const counts: Record<string, number> = {};
  const items: SampledItem[] = order.map((i, index) => {
    const d = decisions[i] as ScopeDecision;
    const raw = (reasonsAt[i] as string[]).filter((r) => r !== 'drawn');
    const reasons: string[] = [];
    if (index < floor) reasons.push(REASON.floor);
    else if (
      uplift > 0 &&
      index < target &&
      !raw.some((r) => r.startsWith('compliance flag') || r === REASON.newAssessor)
    ) {
      reasons.push(REASON.uplift(upliftWhat));
    }
    reasons.push(...raw, ...weightingReasons(d, c));
    for (const r of reasons) {
      const key = reasonKey(r);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { decisionId: d.id, assessorId, reasons };
  });

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
  const rulesVersion = input.rulesVersion ?? SAMPLING_RULES_VERSION;
  const c: Context = { params, v2: isV2(rulesVersion), seed: input.seed };
  const byAssessor = new Map<number, ScopeDecision[]>();
  for (const d of input.decisions) {
    const list = byAssessor.get(d.assessorId);
    if (list) list.push(d);
    else byAssessor.set(d.assessorId, [d]);
  }
  // Each assessor's decisions in id order (sorting a few hundred at a time, not a million).
  for (const list of byAssessor.values()) {
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++)
      sorted = (list[i - 1] as ScopeDecision).id < (list[i] as ScopeDecision).id;
    if (!sorted) list.sort((a, b) => a.id - b.id);
  }
  const assessors = new Map(input.assessors.map((a) => [a.id, a]));
  const items: SampledItem[] = [];
  const summaries: AssessorPlanSummary[] = [];
  for (const assessorId of [...byAssessor.keys()].sort((a, b) => a - b)) {
    const result = sampleAssessor(
      assessors.get(assessorId),
      assessorId,
      byAssessor.get(assessorId) as ScopeDecision[],
      c,
    );
    for (const item of result.items) items.push(item);
    summaries.push(result.summary);
  }
  items.sort((a, b) => a.decisionId - b.decisionId);
  return { rulesVersion, items, assessors: summaries };
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
