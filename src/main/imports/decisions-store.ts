/**
 * The database side of a decisions import: finding the apprentice, EPA and decision a row
 * refers to, and writing new ones, through prepared positional statements (the fastest bulk
 * path measured). Existence is asked of Bloom filters first, so a new row (most rows) costs no
 * lookup; a possible match is confirmed by an indexed query.
 */
import type { Statement } from 'better-sqlite3';
import type { AppContext } from '../core/context';
import { DECISION_ROLLUP_TRIGGERS, rebuildDecisionMonths } from '../analytics/rollups';
import { BloomFilter, RecentCache } from './bloom';
import type { Reference, VersionRef } from './reference';

/**
 * An apprentice as the import holds them, for a few thousand apprentices at a time: small, since
 * every one of a million-row file's passes through (each lives long enough for the garbage
 * collector to move it to the old generation, where it stays until a full collection).
 */
export interface ApprenticeState {
  id: number;
  isNew: boolean;
  /** Which details the record has (GIVEN | FAMILY | EMPLOYER | PROVIDER): a row may add the rest. */
  known: number;
  /** The employer and provider the apprentice is recorded with. */
  employerId: number | null;
  providerId: number | null;
  /** This apprentice's EPAs, usually one. */
  epas: EpaState[];
}

export interface ApprenticeDetails {
  givenName: string | null;
  familyName: string | null;
  employerId: number | null;
  providerId: number | null;
}

const GIVEN = 1;
const FAMILY = 2;
const EMPLOYER = 4;
const PROVIDER = 8;

function knownOf(d: ApprenticeDetails): number {
  return (
    (d.givenName !== null ? GIVEN : 0) |
    (d.familyName !== null ? FAMILY : 0) |
    (d.employerId !== null ? EMPLOYER : 0) |
    (d.providerId !== null ? PROVIDER : 0)
  );
}

/** The apprentice's EPA on this standard version, if they have one. */
export function epaOn(a: ApprenticeState, versionId: number): EpaState | undefined {
  for (const epa of a.epas) if (epa.versionId === versionId) return epa;
  return undefined;
}

export interface EpaState {
  id: number;
  versionId: number;
  status: string;
  gateway: string | null;
  isNew: boolean;
}

/** A stored decision, as a re-import compares it. */
export interface StoredDecision {
  id: number;
  epaId: number;
  methodId: number;
  method: string;
  attempt: number;
  assessorId: number;
  assessmentDate: string;
  grade: string;
  /** The grade the source system last gave (null: stored before migration 0019, not seen since). */
  sourceGrade: string | null;
  durationMinutes: number | null;
  questioningMinutes: number | null;
  wordCount: number | null;
  evidencePieces: number | null;
  exceptionalCircumstances: number;
  status: string;
  decisionRef: string | null;
  epaStatus: string;
  versionId: number;
  standardId: number;
  uln: string;
}

const DECISION_COLUMNS = `d.id, d.epa_id AS epaId, d.method_id AS methodId, m.code AS method, d.attempt,
  d.assessor_id AS assessorId, d.assessment_date AS assessmentDate, d.grade,
  d.source_grade AS sourceGrade, d.duration_minutes AS durationMinutes, d.questioning_minutes AS questioningMinutes,
  d.word_count AS wordCount, d.evidence_pieces AS evidencePieces,
  d.exceptional_circumstances AS exceptionalCircumstances, d.status, d.decision_ref AS decisionRef,
  e.status AS epaStatus, e.standard_version_id AS versionId, v.standard_id AS standardId, p.uln`;
const DECISION_FROM = `FROM decisions d JOIN epas e ON e.id = d.epa_id
  JOIN apprentices p ON p.id = e.apprentice_id JOIN assessment_methods m ON m.id = d.method_id
  JOIN standard_versions v ON v.id = e.standard_version_id`;

const methodNumbers = new Map<string, number>();

/**
 * The rest of a decision's natural key (standard, method, attempt) as one number, folded into
 * the ULN's hash: no key string is built per row.
 */
export function naturalSalt(standardId: number, method: string, attempt: number): number {
  let m = methodNumbers.get(method);
  if (m === undefined) {
    m = methodNumbers.size + 1;
    methodNumbers.set(method, m);
  }
  return (Math.imul(standardId, 0x9e3779b1) ^ Math.imul(m, 0x85ebca6b) ^ attempt) | 0;
}

export class DecisionStore {
  readonly refs: BloomFilter;
  readonly naturals: BloomFilter;
  private readonly ulns: BloomFilter;
  private readonly apprentices = new RecentCache<string, ApprenticeState>();
  readonly created = { apprentices: 0, epas: 0, employers: 0, providers: 0, assessors: 0 };
  /**
   * When what this import creates was created: its start, once, rather than the column default
   * (the clock read and formatted per row, about 0.4 s at 1M rows).
   */
  private readonly createdAt: string;

  private readonly q: Record<
    | 'byRef'
    | 'byNatural'
    | 'apprentice'
    | 'apprenticeEpas'
    | 'insertApprentice'
    | 'fillApprentice'
    | 'insertEpa'
    | 'writeGateway'
    | 'insertDecision'
    | 'writeSourceGrade'
    | 'insertFlag'
    | 'insertEmployer'
    | 'insertProvider'
    | 'insertAssessor',
    Statement
  >;

  constructor(
    private readonly ctx: AppContext,
    private readonly reference: Reference,
    expectedRows: number,
  ) {
    const s = ctx.sqlite;
    this.createdAt = ctx.clock().toISOString();
    const existing = s.prepare('SELECT count(*) FROM decisions').pluck().get() as number;
    const people = s.prepare('SELECT count(*) FROM apprentices').pluck().get() as number;
    this.refs = new BloomFilter(existing + expectedRows);
    this.naturals = new BloomFilter(existing + expectedRows);
    this.ulns = new BloomFilter(people + expectedRows);
    if (existing > 0) {
      for (const ref of s
        .prepare('SELECT decision_ref FROM decisions WHERE decision_ref IS NOT NULL')
        .pluck()
        .iterate() as IterableIterator<string>) {
        this.refs.add(ref);
      }
      const naturals = s
        .prepare(`SELECT p.uln, v.standard_id, m.code, d.attempt ${DECISION_FROM}`)
        .raw(true)
        .iterate() as IterableIterator<[string, number, string, number]>;
      for (const [uln, std, method, attempt] of naturals) {
        this.naturals.add(uln, naturalSalt(std, method, attempt));
      }
    }
    if (people > 0) {
      for (const uln of s
        .prepare('SELECT uln FROM apprentices')
        .pluck()
        .iterate() as IterableIterator<string>) {
        this.ulns.add(uln);
      }
    }
    this.q = {
      byRef: s.prepare(`SELECT ${DECISION_COLUMNS} ${DECISION_FROM} WHERE d.decision_ref = ?`),
      byNatural: s.prepare(
        `SELECT ${DECISION_COLUMNS} ${DECISION_FROM}
         WHERE p.uln = ? AND v.standard_id = ? AND m.code = ? AND d.attempt = ?`,
      ),
      apprentice: s.prepare(
        'SELECT id, given_name, family_name, employer_id, provider_id FROM apprentices WHERE uln = ?',
      ),
      apprenticeEpas: s.prepare(
        'SELECT id, standard_version_id, status, gateway_date FROM epas WHERE apprentice_id = ? ORDER BY id',
      ),
      insertApprentice: s.prepare(
        'INSERT INTO apprentices (uln, given_name, family_name, employer_id, provider_id) VALUES (?, ?, ?, ?, ?)',
      ),
      fillApprentice: s.prepare(
        `UPDATE apprentices SET given_name = coalesce(given_name, ?), family_name = coalesce(family_name, ?),
           employer_id = coalesce(employer_id, ?), provider_id = coalesce(provider_id, ?) WHERE id = ?`,
      ),
      insertEpa: s.prepare(
        'INSERT INTO epas (apprentice_id, standard_version_id, gateway_date, created_at) VALUES (?, ?, ?, ?)',
      ),
      writeGateway: s.prepare('UPDATE epas SET gateway_date = ? WHERE id = ?'),
      insertDecision: s.prepare(
        `INSERT INTO decisions (epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade,
           source_grade, duration_minutes, questioning_minutes, word_count, evidence_pieces,
           exceptional_circumstances, status, import_batch_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?, ?)`,
      ),
      writeSourceGrade: s.prepare('UPDATE decisions SET source_grade = ? WHERE id = ?'),
      insertFlag: s.prepare(
        'INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, ?, ?, ?)',
      ),
      insertEmployer: s.prepare('INSERT INTO employers (name) VALUES (?)'),
      insertProvider: s.prepare('INSERT INTO providers (ukprn, name) VALUES (?, ?)'),
      insertAssessor: s.prepare(
        "INSERT INTO assessors (ref, name, status) VALUES (?, ?, 'active')",
      ),
    };
  }

  /** The stored decision with this source id, if any. */
  byRef(ref: string): StoredDecision | undefined {
    if (!this.refs.has(ref)) return undefined;
    return this.q.byRef.get(ref) as StoredDecision | undefined;
  }

  /** The stored decision for this apprentice, standard, method and attempt, if any. */
  byNatural(
    uln: string,
    standardId: number,
    method: string,
    attempt: number,
  ): StoredDecision | undefined {
    if (!this.naturals.has(uln, naturalSalt(standardId, method, attempt))) return undefined;
    return this.q.byNatural.get(uln, standardId, method, attempt) as StoredDecision | undefined;
  }

  /** The apprentice with this ULN, if stored (created earlier in this import included). */
  apprentice(uln: string): ApprenticeState | undefined {
    const hit = this.apprentices.get(uln);
    if (hit) return hit;
    if (!this.ulns.has(uln)) return undefined;
    const row = this.q.apprentice.raw(true).get(uln) as
      [number, string | null, string | null, number | null, number | null] | undefined;
    if (!row) return undefined;
    const epas = (
      this.q.apprenticeEpas.raw(true).all(row[0]) as [number, number, string, string | null][]
    ).map(([id, versionId, status, gateway]) => ({ id, versionId, status, gateway, isNew: false }));
    const [id, givenName, familyName, employerId, providerId] = row;
    const known = knownOf({ givenName, familyName, employerId, providerId });
    const state: ApprenticeState = { id, isNew: false, known, employerId, providerId, epas };
    this.apprentices.set(uln, state);
    return state;
  }

  /** The version of this apprentice's latest EPA on the standard, for rows that name none. */
  latestVersion(
    apprentice: ApprenticeState | undefined,
    standardId: number,
  ): VersionRef | undefined {
    if (!apprentice) return undefined;
    let latest: EpaState | undefined;
    for (const epa of apprentice.epas) {
      const v = this.reference.versionsById.get(epa.versionId);
      if (v?.standardId === standardId && (!latest || epa.id > latest.id)) latest = epa;
    }
    return latest ? this.reference.versionsById.get(latest.versionId) : undefined;
  }

  createApprentice(uln: string, details: ApprenticeDetails): ApprenticeState {
    const id = Number(
      this.q.insertApprentice.run(
        uln,
        details.givenName,
        details.familyName,
        details.employerId,
        details.providerId,
      ).lastInsertRowid,
    );
    this.ulns.add(uln);
    this.created.apprentices++;
    const state: ApprenticeState = {
      id,
      isNew: true,
      known: knownOf(details),
      employerId: details.employerId,
      providerId: details.providerId,
      epas: [],
    };
    this.apprentices.set(uln, state);
    return state;
  }

  /** The names a row gives that the apprentice's record lacks, in words ("given name Zoë"). */
  namesToFill(
    a: ApprenticeState,
    names: { givenName: string | null; familyName: string | null },
  ): string[] {
    const out: string[] = [];
    if (names.givenName && !(a.known & GIVEN)) out.push(`given name ${names.givenName}`);
    if (names.familyName && !(a.known & FAMILY)) out.push(`family name ${names.familyName}`);
    return out;
  }

  /** Whether the record has no employer ('employer') or no provider ('provider') yet. */
  lacks(a: ApprenticeState, party: 'employer' | 'provider'): boolean {
    return !(a.known & (party === 'employer' ? EMPLOYER : PROVIDER));
  }

  /**
   * Fills in what the record lacks; never overwrites what is there. Returns whether it recorded
   * an employer or provider, which decide the conflict-of-interest flags of the apprentice's
   * decisions.
   */
  fillApprentice(a: ApprenticeState, details: ApprenticeDetails): boolean {
    const known = a.known | knownOf(details);
    if (known === a.known) return false;
    const parties = (known & ~a.known & (EMPLOYER | PROVIDER)) !== 0;
    this.q.fillApprentice.run(
      details.givenName,
      details.familyName,
      details.employerId,
      details.providerId,
      a.id,
    );
    a.known = known;
    a.employerId ??= details.employerId;
    a.providerId ??= details.providerId;
    return parties;
  }

  createEpa(a: ApprenticeState, versionId: number, gateway: string | null): EpaState {
    const id = Number(
      this.q.insertEpa.run(a.id, versionId, gateway, this.createdAt).lastInsertRowid,
    );
    this.created.epas++;
    const epa: EpaState = { id, versionId, status: 'in_progress', gateway, isNew: true };
    // Sized to fit: a pushed-to array reserves room for 16 more (most apprentices have one EPA).
    a.epas = a.epas.length === 0 ? [epa] : a.epas.concat(epa);
    return epa;
  }

  /** Sets the EPA's gateway date (a first one, or a correction the caller has audited). */
  writeGateway(epa: EpaState, gateway: string): void {
    this.q.writeGateway.run(gateway, epa.id);
    epa.gateway = gateway;
  }

  /**
   * `values`: the columns up to import_batch_id, the grade given twice (grade, then source_grade:
   * the grade the source gave, bound once more rather than written by a second statement).
   */
  insertDecision(values: unknown[]): number {
    return Number(this.q.insertDecision.run(values, this.createdAt).lastInsertRowid);
  }

  /** Records the grade the source system gives a stored decision now (see compareDecision). */
  writeSourceGrade(decisionId: number, grade: string): void {
    this.q.writeSourceGrade.run(grade, decisionId);
  }

  remember(ref: string | null, uln: string, salt: number): void {
    if (ref !== null) this.refs.add(ref);
    this.naturals.add(uln, salt);
  }

  /** A reference a re-imported row gave a stored decision. */
  rememberRef(ref: string): void {
    this.refs.add(ref);
  }

  insertFlag(decisionId: number, code: string, field: string, message: string): void {
    this.q.insertFlag.run(decisionId, code, field, message);
  }

  employerId(name: string): number {
    const known = this.reference.employer(name);
    if (known !== undefined) return known;
    const id = Number(this.q.insertEmployer.run(name.trim()).lastInsertRowid);
    this.reference.addEmployer(name, id);
    this.created.employers++;
    return id;
  }

  providerId(ukprn: string, name: string | null): number {
    const known = this.reference.providers.get(ukprn);
    if (known !== undefined) return known;
    const id = Number(
      this.q.insertProvider.run(ukprn, name ?? `Provider ${ukprn}`).lastInsertRowid,
    );
    this.reference.addProvider(ukprn, id);
    this.created.providers++;
    return id;
  }

  createAssessor(ref: string, name: string): number {
    const id = Number(this.q.insertAssessor.run(ref, name).lastInsertRowid);
    this.reference.addAssessor({ id, ref, name });
    this.created.assessors++;
    return id;
  }
}

/**
 * Secondary indexes that no import lookup or constraint needs while it runs: the decisions
 * indexes reads use, and those on the apprentice's employer and provider and on the EPA's status
 * (which every new EPA changes again when its overall grade is set at the end).
 */
const DEFERRABLE_INDEXES = [
  'decisions_assessor_date',
  'decisions_date',
  'decisions_status_date',
  'decisions_analytics',
  'decisions_held_scope',
  'apprentices_provider',
  'apprentices_employer',
  'epas_status_confirmed',
  'epas_status_version_confirmed',
];
/** Below this many new rows, maintaining the indexes row by row costs less than rebuilding. */
const BULK_ROWS = 50_000;

/** An index or trigger a bulk load dropped, with the exact SQL that recreates it. */
export interface Deferred {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

/** A bulk load: many rows, and at least as many as the decisions table holds already. */
export function isBulkLoad(ctx: AppContext, expectedRows: number): boolean {
  if (expectedRows < BULK_ROWS) return false;
  const existing = ctx.sqlite.prepare('SELECT count(*) FROM decisions').pluck().get() as number;
  return expectedRows >= existing;
}

/**
 * For a bulk load, drops the indexes that only reads use (above), and the dashboards' roll-up
 * triggers on decisions, and returns them to restore (restoreDeferred): building an index once,
 * sorted, is much cheaper than a million random inserts into it, and counting the decisions into
 * the roll-up once is cheaper than a trigger per row. Both happen inside the import's
 * transaction, so a rollback or crash restores them untouched.
 */
export function deferIndexes(ctx: AppContext): Deferred[] {
  const names = [...DEFERRABLE_INDEXES, ...DECISION_ROLLUP_TRIGGERS];
  const rows = ctx.sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')
       AND tbl_name IN ('decisions', 'apprentices', 'epas')
       AND sql IS NOT NULL AND name IN (${names.map(() => '?').join(',')})`,
    )
    .all(...names) as Deferred[];
  for (const r of rows)
    ctx.sqlite.exec(`DROP ${r.type === 'index' ? 'INDEX' : 'TRIGGER'} "${r.name}"`);
  return rows;
}

/**
 * SQLite sorts an index's keys in runs sized from the page cache. Small runs, with a second
 * thread sorting them while the table is read, build faster than one large run: the ten
 * deferred indexes of a 1M-row import took 5.2-5.5 s with the import's 32 MB cache and no
 * helper thread, 3.3-4.0 s with 4 MB and two. With 16 KiB pages, 2 and 8 MB built no faster.
 */
const INDEX_BUILD_CACHE_KIB = 4096;
const INDEX_BUILD_THREADS = 2;

/**
 * Recreates what deferIndexes dropped, and recounts the roll-up its triggers kept. `before` is
 * told which index of how many comes next (each takes up to a second at 1M rows).
 */
export function restoreDeferred(
  ctx: AppContext,
  deferred: Deferred[],
  before: (index: number, of: number) => void = () => undefined,
): void {
  if (deferred.length === 0) return;
  const s = ctx.sqlite;
  const cache = s.pragma('cache_size', { simple: true }) as number;
  const threads = s.pragma('threads', { simple: true }) as number;
  s.pragma(`cache_size = -${INDEX_BUILD_CACHE_KIB}`);
  s.pragma(`threads = ${INDEX_BUILD_THREADS}`);
  try {
    const indexes = deferred.filter((d) => d.type === 'index').length;
    let built = 0;
    for (const d of deferred) {
      if (d.type === 'index') before(++built, indexes);
      s.exec(d.sql);
    }
  } finally {
    s.pragma(`cache_size = ${cache}`);
    s.pragma(`threads = ${threads}`);
  }
  rebuildDecisionMonths(ctx);
}
