/**
 * What a sampling plan draws from, read from the database: the held decisions in the period and
 * standards that no published plan already covers, with the attributes the rules look at.
 *
 * Built for a million decisions in scope. The facts that need working out (exclusions, flags,
 * each assessor's first decisions and start on the standard, employer, provider and re-take of
 * each EPA) go into small temporary tables first; one INSERT ... SELECT over the held decisions
 * (walked by id, or through their covering index), joined to them, then stores the plan's
 * scope, and the draw reads it back, so the stored scope is exactly what was drawn from, without
 * a million inserts bound from JavaScript. (The first version, a window over all history and a subquery per row, took 25 s.)
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

const HELD_FROM = 'FROM decisions d INDEXED BY decisions_held_scope';
const HELD_WHERE = `WHERE d.status = 'held' AND d.assessment_date BETWEEN :from AND :to
  AND d.method_id IN (SELECT value FROM json_each(:methods))`;
const HELD = `${HELD_FROM} ${HELD_WHERE}`;

/**
 * The same held decisions read from the table itself, in id order, between the first and last
 * id in scope. The index gives them in date order, and putting them in id order for the scope
 * cost SQLite a sort of every row (0.9 s of CPU for the ids alone at a million) and scattered
 * the per-EPA lookups; walking the table by id needs no sort, and an EPA's decisions, imported
 * together, find its facts in pages just read. At a million, 0.2 s for the walk against 1.0 s
 * for index and sort, and the scope's joins 0.8 s against 2.8 s. It reads every decision in the
 * id range, in scope or not, so it is used only when those are at most RANGE_SCAN_FACTOR times
 * the decisions in scope (a period's decisions are mostly imported together); otherwise the
 * index. Either way the same rows in the same order.
 */
const RANGE_FROM = 'FROM decisions d NOT INDEXED';
const RANGE_WHERE = `WHERE d.id BETWEEN :lo AND :hi AND d.status = 'held'
  AND d.assessment_date BETWEEN :from AND :to AND d.method_id IN (SELECT value FROM json_each(:methods))`;
const RANGE_SCAN_FACTOR = 3;

interface HeldSource {
  from: string;
  where: string;
  lo: number;
  hi: number;
  /** The assessors with held decisions in scope, from the same pass over the index. */
  assessors: number[];
}

function heldSource(ctx: AppContext, p: { from: string; to: string; methods: string }): HeldSource {
  const [lo, hi, n, json] = ctx.sqlite
    .prepare(
      `SELECT min(d.id), max(d.id), count(*), json_group_array(DISTINCT d.assessor_id) ${HELD}`,
    )
    .raw(true)
    .get(p) as [number | null, number | null, number, string];
  const assessors = JSON.parse(json) as number[];
  if (lo !== null && hi !== null && hi - lo + 1 <= RANGE_SCAN_FACTOR * n)
    return { from: RANGE_FROM, where: RANGE_WHERE, lo, hi, assessors };
  return { from: HELD_FROM, where: HELD_WHERE, lo: 0, hi: 0, assessors };
}

/** Works out the facts the scope query joins to, for one standard. */
function prepare(ctx: AppContext, q: ScopeQuery, standard: StandardMethods): HeldSource {
  const s = ctx.sqlite;
  s.exec(`
    CREATE TEMP TABLE IF NOT EXISTS scope_taken (decision_id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS scope_facts (decision_id INTEGER PRIMARY KEY, flags TEXT, seq INTEGER);
    CREATE TEMP TABLE IF NOT EXISTS scope_start (assessor_id INTEGER PRIMARY KEY, start TEXT);
    CREATE TEMP TABLE IF NOT EXISTS scope_epa (epa_id INTEGER PRIMARY KEY, employer TEXT,
      provider TEXT, retake INTEGER NOT NULL);
    DELETE FROM temp.scope_taken; DELETE FROM temp.scope_facts;
    DELETE FROM temp.scope_start; DELETE FROM temp.scope_epa;`);
  const p = { from: q.from, to: q.to, methods: JSON.stringify(standard.methodIds) };
  const held = heldSource(ctx, p);
  // Already spoken for: in a published plan, or in the plan being topped up.
  s.prepare(
    `INSERT OR IGNORE INTO temp.scope_taken SELECT s.decision_id FROM sampling_plans sp
     JOIN sampling_plan_scope s ON s.plan_id = sp.id
     WHERE (sp.status = 'published' OR sp.id = :plan) AND sp.period_from <= :to AND sp.period_to >= :from`,
  ).run({ from: q.from, to: q.to, plan: q.excludePlanId ?? -1 });
  // Flags are few: read from their own table, not probed for every decision. They share a table
  // with the early positions below, both sparse, so each decision in scope costs one probe.
  s.prepare(
    `INSERT INTO temp.scope_facts (decision_id, flags) SELECT decision_id, json_group_array(message) FROM (
       SELECT f.decision_id, f.message FROM compliance_flags f CROSS JOIN decisions d ON d.id = f.decision_id
       WHERE d.status = 'held' AND d.assessment_date BETWEEN :from AND :to ORDER BY f.decision_id, f.id)
     GROUP BY decision_id`,
  ).run({ from: q.from, to: q.to });
  // Each assessor's start on the standard and the positions of their first `cap` decisions
  // (counting every decision, whatever its status): the only positions the rules read.
  const assessors = held.assessors;
  const prior = s
    .prepare(
      `SELECT assessment_date FROM decisions INDEXED BY decisions_assessor_date
       WHERE assessor_id = ? AND assessment_date < ? AND method_id IN (SELECT value FROM json_each(?))
       ORDER BY assessment_date LIMIT ?`,
    )
    .pluck();
  const first = s
    .prepare(
      `SELECT id, assessment_date FROM decisions INDEXED BY decisions_assessor_date
       WHERE assessor_id = ? AND assessment_date BETWEEN ? AND ? AND method_id IN (SELECT value FROM json_each(?))
       ORDER BY assessment_date, id LIMIT ?`,
    )
    .raw(true);
  const insertStart = s.prepare('INSERT INTO temp.scope_start VALUES (?, ?)');
  const insertEarly = s.prepare(
    `INSERT INTO temp.scope_facts (decision_id, seq) VALUES (?, ?)
     ON CONFLICT (decision_id) DO UPDATE SET seq = excluded.seq`,
  );
  for (const assessorId of assessors) {
    const before = prior.all(assessorId, q.from, p.methods, q.sequenceCap) as string[];
    let start = before[0] ?? null;
    if (before.length < q.sequenceCap) {
      const rows = first.all(
        assessorId,
        q.from,
        q.to,
        p.methods,
        q.sequenceCap - before.length,
      ) as [number, string][];
      rows.forEach(([id], i) => insertEarly.run(id, before.length + i + 1));
      start ??= rows[0]?.[1] ?? null;
    }
    insertStart.run(assessorId, start);
  }
  // Employer and provider once per EPA rather than once per decision, and re-takes: an EPA after
  // the apprentice's first (by gateway) on the same standard.
  s.prepare(
    `INSERT INTO temp.scope_epa SELECT e.id, emp.name, pr.ukprn,
       EXISTS (SELECT 1 FROM epas y WHERE y.apprentice_id = e.apprentice_id AND y.id <> e.id
         AND y.standard_version_id IN (SELECT value FROM json_each(:versions))
         AND (coalesce(y.gateway_date, '') < coalesce(e.gateway_date, '')
           OR (coalesce(y.gateway_date, '') = coalesce(e.gateway_date, '') AND y.id < e.id)))
     FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
     LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
     WHERE e.id IN (SELECT d.epa_id ${held.from} ${held.where})`,
  ).run({ ...p, lo: held.lo, hi: held.hi, versions: JSON.stringify(standard.versionIds) });
  return held;
}

/** What sampling_plan_scope stores per decision, from the decision and the facts above. */
const STORED = `d.id, d.assessor_id, m.code, d.grade, d.attempt, pe.employer, pe.provider,
  d.assessment_date, coalesce(x.flags, '[]'), coalesce(x.seq, :cap), st.start, pe.retake`;
const FACTS = `JOIN assessment_methods m ON m.id = d.method_id
  JOIN temp.scope_epa pe ON pe.epa_id = d.epa_id
  LEFT JOIN temp.scope_facts x ON x.decision_id = d.id
  LEFT JOIN temp.scope_start st ON st.assessor_id = d.assessor_id`;
const NOT_TAKEN = 'AND d.id NOT IN (SELECT decision_id FROM temp.scope_taken)';

const NO_FLAGS: readonly string[] = Object.freeze([]);

/** Rows of the stored scope read back per JSON array: a megabyte or so of text each. */
const READ_BACK_CHUNK = 10_000;

/**
 * Text values shared between decisions are kept once (a million rows, a few thousand values).
 * Each column has its own: rows come in decision order, so an EPA's decisions follow each other
 * with the same employer, provider and often assessor, and a value equal to the column's last is
 * taken without hashing it (hashing each fresh string cost as much as building the decisions themselves).
 */
type Intern = (value: string | null) => string | null;

function interner(): Intern {
  const seen = new Map<string, string>();
  let last: string | null = null;
  return (value) => {
    if (value === null) return null;
    if (value === last) return last;
    let known = seen.get(value);
    if (known === undefined) {
      seen.set(value, value);
      known = value;
    }
    last = known;
    return known;
  };
}

interface Interns {
  method: Intern;
  grade: Intern;
  employer: Intern;
  provider: Intern;
  date: Intern;
  start: Intern;
}

function interns(): Interns {
  return {
    method: interner(),
    grade: interner(),
    employer: interner(),
    provider: interner(),
    date: interner(),
    start: interner(),
  };
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
  string,
  number,
  string | null,
  number,
];

function toDecision(r: Row, intern: Interns): ScopeDecision {
  return {
    id: r[0],
    assessorId: r[1],
    method: intern.method(r[2]) as string,
    grade: intern.grade(r[3]) as string,
    attempt: r[4],
    employer: intern.employer(r[5]),
    provider: intern.provider(r[6]),
    assessmentDate: intern.date(r[7]) as string,
    flags: r[8] === '[]' ? NO_FLAGS : (JSON.parse(r[8]) as string[]),
    assessorSequence: r[9],
    assessorStandardStart: intern.start(r[10]),
    retake: r[11] === 1,
  };
}

/**
 * The scope, in decision id order. With `store`, each standard's scope is written to the plan by
 * INSERT ... SELECT (the joins done once, in SQLite, in id order so rows are appended to the
 * primary key rather than scattered) and the draw's copy is read back from the rows stored: what
 * is drawn from is what verify will re-run, by construction. (Reading the index again with the
 * facts looked up in JavaScript measured slower at 1M: 14.5 s against 12.9 s.) The counts per
 * assessor are stored beside it, counted from the rows read back.
 */
export function readScope(
  ctx: AppContext,
  q: ScopeQuery,
  store?: { planId: number; slice: number },
): ScopeDecision[] {
  const out: ScopeDecision[] = [];
  const intern = interns();
  for (const standard of standardsInScope(ctx, q.standards)) {
    const held = prepare(ctx, q, standard);
    const params = {
      from: q.from,
      to: q.to,
      methods: JSON.stringify(standard.methodIds),
      cap: q.sequenceCap,
      lo: held.lo,
      hi: held.hi,
    };
    const where = `${held.from} ${FACTS} ${held.where} ${NOT_TAKEN} ORDER BY d.id`;
    if (store) {
      ctx.sqlite
        .prepare(
          `INSERT INTO sampling_plan_scope (plan_id, decision_id, assessor_id, method, grade, attempt,
             employer, provider, assessment_date, flags_json, assessor_sequence, assessor_standard_start, retake, slice)
           SELECT :plan, ${STORED}, :slice ${where}`,
        )
        .run({ ...params, plan: store.planId, slice: store.slice });
    } else {
      for (const r of ctx.sqlite
        .prepare(`SELECT ${STORED} ${where}`)
        .raw(true)
        .iterate(params) as Iterable<Row>)
        out.push(toDecision(r, intern));
    }
  }
  if (!store) return out;
  // Read back a chunk of rows at a time as one JSON array: handing each row to JavaScript on its
  // own cost more than SQLite writing and JSON.parse reading the same values.
  const chunk = ctx.sqlite
    .prepare(
      `SELECT max(decision_id), count(*), json_group_array(json_array(decision_id, assessor_id, method,
         grade, attempt, employer, provider, assessment_date, flags_json, assessor_sequence,
         assessor_standard_start, retake))
       FROM (SELECT * FROM sampling_plan_scope WHERE plan_id = ? AND slice = ? AND decision_id > ?
         ORDER BY decision_id LIMIT ${READ_BACK_CHUNK})`,
    )
    .raw(true);
  for (let after = Number.MIN_SAFE_INTEGER; ;) {
    const [last, n, json] = chunk.get(store.planId, store.slice, after) as [number, number, string];
    if (n === 0) break;
    for (const r of JSON.parse(json) as Row[]) out.push(toDecision(r, intern));
    after = last;
  }
  const perAssessor = new Map<number, number>();
  for (const d of out) perAssessor.set(d.assessorId, (perAssessor.get(d.assessorId) ?? 0) + 1);
  const insertCount = ctx.sqlite.prepare(
    'INSERT INTO sampling_plan_scope_assessors (plan_id, slice, assessor_id, decisions) VALUES (?,?,?,?)',
  );
  for (const [assessorId, n] of perAssessor)
    insertCount.run(store.planId, store.slice, assessorId, n);
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

/**
 * A moderation in the look-back that changed the assessor's grade (imported history older than a
 * moderation already recorded changed none).
 */
export const disagreementRisk: RiskProvider = (ctx, period) => {
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.assessor_id, count(*), max(r.moderation_date) FROM moderation_records r
       JOIN decisions d ON d.id = r.decision_id
       WHERE r.moderation_date >= ? AND r.moderation_date < ? AND r.moderated_grade <> r.original_grade
         AND r.superseded_by IS NULL
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
