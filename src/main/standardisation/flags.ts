/**
 * Raises and clears standardisation's compliance flags on decisions: made while the assessor's
 * standardisation on that standard version was lapsed or never done, or while the assessor did
 * not meet the independent-assessor criteria. Runs inside the caller's transaction (an import, the
 * demo generator, or a change to attendance, events, the register or the policy), so flags commit
 * with the change that caused them. Only this domain's codes are touched; a flag still due keeps
 * when it was first raised, with its wording brought up to date.
 */
import type { Statement } from 'better-sqlite3';
// From the files, not the barrel: the import worker loads this module (see core/decision-rules).
import type { StandardTarget } from '@shared/standardisation/coverage';
import {
  STANDARDISATION_FLAG_CODES,
  decisionFlags,
  type FlagSpec,
} from '@shared/standardisation/flags';
import type { StandardisationPolicy } from '@shared/standardisation/policy';
import type { AppContext } from '../core/context';
import type { DecisionIds, DecisionsWrittenHook, WrittenDecisions } from '../decisions/hooks';
import { currentPolicy } from './policy';
import { loadAssessorFacts, type AssessorFacts } from './records';

const CHUNK = 5000;
const CODES = JSON.stringify(STANDARDISATION_FLAG_CODES);

/** id, assessor, assessment date, standard version, apprentice. */
type DecisionRow = [number, number, string, number, number];

const SELECT = `SELECT d.id, d.assessor_id, d.assessment_date, e.standard_version_id, e.apprentice_id
  FROM decisions d JOIN epas e ON e.id = d.epa_id`;

export interface FlagChanges {
  decisions: number;
  raised: number;
  cleared: number;
  /** Kept, with new wording (a later date, another employer): not new, so not counted as such. */
  reworded: number;
}

/**
 * One assessor's decisions that gained or lost a flag of one code (a flag whose wording only
 * changed is neither), with the first new flag's message.
 */
export interface FlagShift {
  raised: number;
  cleared: number;
  first: string | null;
}

/** Flag shifts by assessor, then by code. */
export type FlagShifts = Map<number, Map<string, FlagShift>>;

function shiftOf(shifts: FlagShifts, assessorId: number, code: string): FlagShift {
  let codes = shifts.get(assessorId);
  if (!codes) shifts.set(assessorId, (codes = new Map()));
  let shift = codes.get(code);
  if (!shift) codes.set(code, (shift = { raised: 0, cleared: 0, first: null }));
  return shift;
}

export type FlagScope =
  | { decisionIds: DecisionIds; written?: WrittenDecisions }
  | { assessorIds: readonly number[] }
  | { all: true };

type Existing = Map<string, { id: number; message: string }>;

/**
 * What one recompute needs besides the decisions: the rules' inputs that are the same for every
 * row, and the answers already worked out. decisionFlags is a pure function of the assessor's
 * facts, the standard version, the date and (only through declared conflicts) the apprentice,
 * employer and provider; so for an assessor with no conflicts the answer for (version, date) is
 * computed once and shared by every decision with that pair. A bulk import of a million rows
 * has a few thousand such pairs per assessor.
 */
class FlagJudge {
  private readonly policy: StandardisationPolicy;
  private readonly targets = new Map<number, StandardTarget>();
  private readonly answers = new Map<number, Map<number, Map<string, FlagSpec[]>>>();
  private readonly parties: Statement;

  constructor(ctx: AppContext) {
    this.policy = currentPolicy(ctx);
    for (const [id, code, version] of ctx.sqlite
      .prepare(
        'SELECT v.id, st.code, v.version FROM standard_versions v JOIN standards st ON st.id = v.standard_id',
      )
      .raw(true)
      .all() as [number, string, string][]) {
      this.targets.set(id, { code, version });
    }
    this.parties = ctx.sqlite
      .prepare(
        `SELECT p.uln, emp.name, pr.ukprn FROM apprentices p
         LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
         WHERE p.id = ?`,
      )
      .raw(true);
  }

  flags(row: DecisionRow, assessor: AssessorFacts | undefined): readonly FlagSpec[] {
    if (!assessor) return [];
    const [, assessorId, date, versionId, apprenticeId] = row;
    if (assessor.conflicts.length > 0) {
      const target = this.targets.get(versionId) as StandardTarget;
      const [uln, employer, ukprn] = this.parties.get(apprenticeId) as [
        string,
        string | null,
        string | null,
      ];
      return decisionFlags(
        { target, date, parties: { uln, employer, providerUkprn: ukprn } },
        assessor,
        this.policy,
      );
    }
    return this.shared(assessor, assessorId, versionId, date);
  }

  /**
   * The flags every decision of this assessor (who has declared no conflicts) on this version
   * and date carries.
   */
  shared(
    assessor: AssessorFacts,
    assessorId: number,
    versionId: number,
    date: string,
  ): readonly FlagSpec[] {
    let byVersion = this.answers.get(assessorId);
    if (!byVersion) this.answers.set(assessorId, (byVersion = new Map()));
    let byDate = byVersion.get(versionId);
    if (!byDate) byVersion.set(versionId, (byDate = new Map()));
    let answer = byDate.get(date);
    if (!answer) {
      // No conflicts: the parties are never read, so any will do.
      answer = decisionFlags(
        {
          target: this.targets.get(versionId) as StandardTarget,
          date,
          parties: { uln: '', employer: null, providerUkprn: null },
        },
        assessor,
        this.policy,
      );
      byDate.set(date, answer);
    }
    return answer;
  }
}

/** Decisions read back, as rows. */
function chunkOf(rows: readonly DecisionRow[]): Chunk {
  return { ids: rows.map((r) => r[0]), row: (k) => rows[k] as DecisionRow };
}

/**
 * A chunk of decisions: their ids, and each one's row by position. A row is used at once and
 * never kept, so the writer's facts can be handed out in one reused row rather than a million
 * short-lived ones (which lived long enough to fill the old generation: 87 MB at 1M rows).
 */
interface Chunk {
  ids: readonly number[];
  row(k: number): DecisionRow;
}

function applyChunk(
  ctx: AppContext,
  { ids, row: rowAt }: Chunk,
  facts: ReadonlyMap<number, AssessorFacts>,
  judge: FlagJudge,
  totals: FlagChanges,
  shifts?: FlagShifts,
): void {
  if (ids.length === 0) return;
  const s = ctx.sqlite;
  const existing = new Map<number, Existing>();
  // A run of consecutive decisions (an import's, usually) has its flags read as one range of
  // the index, not probed decision by decision.
  const run = consecutive(ids);
  const found = s
    .prepare(
      `SELECT id, decision_id, code, message FROM compliance_flags
       WHERE ${run ? 'decision_id BETWEEN ? AND ?' : 'decision_id IN (SELECT value FROM json_each(?))'}
       AND code IN (SELECT value FROM json_each(?))`,
    )
    .raw(true)
    .all(...(run ? [ids[0], ids.at(-1)] : [JSON.stringify(ids)]), CODES);
  for (const [flagId, decisionId, code, message] of found as [number, number, string, string][]) {
    let m = existing.get(decisionId);
    if (!m) existing.set(decisionId, (m = new Map()));
    m.set(code, { id: flagId, message });
  }
  const remove = s.prepare('DELETE FROM compliance_flags WHERE id = ?');
  const reword = s.prepare('UPDATE compliance_flags SET field = ?, message = ? WHERE id = ?');
  const insert = s.prepare(
    'INSERT INTO compliance_flags (decision_id, code, field, message, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const at = ctx.clock().toISOString();
  for (let k = 0; k < ids.length; k++) {
    const row = rowAt(k);
    const id = row[0];
    totals.decisions++;
    const wanted = judge.flags(row, facts.get(row[1]));
    const have = existing.get(id);
    if (wanted.length === 0 && !have) continue;
    for (const flag of wanted) {
      const old = have?.get(flag.code);
      if (old && old.message === flag.message) {
        have?.delete(flag.code);
        continue;
      }
      if (old) {
        reword.run(flag.field, flag.message, old.id);
        have?.delete(flag.code);
        totals.reworded++;
        continue;
      }
      if (shifts) {
        const shift = shiftOf(shifts, row[1], flag.code);
        shift.raised++;
        shift.first ??= flag.message;
      }
      insert.run(id, flag.code, flag.field, flag.message, at);
      totals.raised++;
    }
    if (!have) continue;
    for (const [code, stale] of have) {
      remove.run(stale.id);
      totals.cleared++;
      if (shifts) shiftOf(shifts, row[1], code).cleared++;
    }
  }
}

/** True when the ids run up by one from the first: an import's new decisions usually do. */
function consecutive(ids: readonly number[]): boolean {
  const first = ids[0] as number;
  for (let i = 1; i < ids.length; i++) if (ids[i] !== first + i) return false;
  return true;
}

function byIds(
  ctx: AppContext,
  ids: DecisionIds,
  facts: ReadonlyMap<number, AssessorFacts> | null,
  totals: FlagChanges,
  written?: WrittenDecisions,
  shifts?: FlagShifts,
): void {
  const judge = new FlagJudge(ctx);
  const list = ctx.sqlite
    .prepare(`${SELECT} WHERE d.id IN (SELECT value FROM json_each(?))`)
    .raw(true);
  // A run of consecutive ids is read by rowid range, without sending the ids as JSON.
  const range = ctx.sqlite.prepare(`${SELECT} WHERE d.id BETWEEN ? AND ? ORDER BY d.id`).raw(true);
  const known = new Map<number, AssessorFacts>(facts ?? []);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = Array.from(ids.slice(i, i + CHUNK));
    // What the writer passed, rather than read back; else by rowid range, or by the ids.
    const chunk = written
      ? writtenChunk(written, part, i)
      : chunkOf(
          (consecutive(part)
            ? range.all(part[0], part.at(-1))
            : list.all(JSON.stringify(part))) as DecisionRow[],
        );
    if (!facts) {
      const assessors = written
        ? written.assessorIds.subarray(i, i + part.length)
        : chunk.ids.map((_, k) => chunk.row(k)[1]);
      const missing = [...new Set(assessors)].filter((a) => !known.has(a));
      if (missing.length > 0)
        for (const [id, f] of loadAssessorFacts(ctx, missing)) known.set(id, f);
    }
    applyChunk(ctx, chunk, known, judge, totals, shifts);
  }
}

/** The writer's facts for the ids written from position `from`, in one reused row. */
function writtenChunk(written: WrittenDecisions, ids: readonly number[], from: number): Chunk {
  const row: DecisionRow = [0, 0, '', 0, 0];
  return {
    ids,
    row(k) {
      const at = from + k;
      row[0] = ids[k] as number;
      row[1] = written.assessorIds[at] as number;
      row[2] = written.days[written.dayIndex[at] as number] as string;
      row[3] = written.versionIds[at] as number;
      row[4] = written.apprenticeIds[at] as number;
      return row;
    },
  };
}

/**
 * Recomputes this domain's flags for the decisions in scope. Call inside a transaction.
 * `shifts`, when given, is told which assessors' decisions gained or lost which flags.
 */
export function recomputeFlags(
  ctx: AppContext,
  scope: FlagScope,
  shifts?: FlagShifts,
): FlagChanges {
  const totals: FlagChanges = { decisions: 0, raised: 0, cleared: 0, reworded: 0 };
  if ('decisionIds' in scope) {
    byIds(ctx, scope.decisionIds, null, totals, scope.written, shifts);
  } else if ('assessorIds' in scope) {
    if (scope.assessorIds.length === 0) return totals;
    // Through the (assessor, date) index: one assessor's decisions, not a scan of everyone's.
    const ids = ctx.sqlite
      .prepare('SELECT id FROM decisions WHERE assessor_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(scope.assessorIds)) as number[];
    byIds(ctx, ids, loadAssessorFacts(ctx, scope.assessorIds), totals, undefined, shifts);
  } else {
    const facts = loadAssessorFacts(ctx, 'all');
    const judge = new FlagJudge(ctx);
    const page = ctx.sqlite
      .prepare(`${SELECT} WHERE d.id > ? ORDER BY d.id LIMIT ${CHUNK}`)
      .raw(true);
    // Keyset pages keep memory flat on a register with a decade of decisions.
    let after = 0;
    for (;;) {
      const rows = page.all(after) as DecisionRow[];
      if (rows.length === 0) break;
      applyChunk(ctx, chunkOf(rows), facts, judge, totals, shifts);
      after = (rows.at(-1) as DecisionRow)[0];
    }
  }
  return totals;
}

/** Registered at bootstrap: whoever writes decisions gets this domain's flags on them. */
export const standardisationFlagsHook: DecisionsWrittenHook = (ctx, decisionIds, written) => {
  recomputeFlags(ctx, written ? { decisionIds, written } : { decisionIds });
};
