/**
 * Bookkeeping for a bulk decisions import in typed arrays (a few bytes per EPA, not an object):
 * which row wrote each new decision, to name it when a later row repeats it; each new EPA's
 * latest grade per method, so its overall grade is set once at the end rather than per row; and
 * who assessed each new decision, on what and when, for the other domains' hooks.
 */
import { overallGrade } from '@shared/standards';
import type { AppContext } from '../core/context';
import type { WrittenDecisions } from '../decisions/hooks';
import type { VersionRef } from './reference';

type Column = Int32Array | Uint16Array | Uint8Array | Int8Array;

/** The column at twice its length, its values kept and the new half set to `fill`. */
function doubled<T extends Column>(a: T, fill = 0): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * Row numbers by id: of decisions handed out in sequence from the first one recorded, or, given
 * `first`, of any ids from it (EPAs, stored ones included).
 */
export class RowsById {
  private rows = new Int32Array(4096);

  constructor(private first = -1) {}

  set(id: number, row: number): void {
    if (this.first < 0) this.first = id;
    const i = id - this.first;
    if (i < 0) throw new RangeError(`decision id ${id} came before ${this.first}`);
    while (i >= this.rows.length) this.rows = doubled(this.rows);
    this.rows[i] = row;
  }

  get(id: number): number | undefined {
    const i = id - this.first;
    if (this.first < 0 || i < 0 || i >= this.rows.length) return undefined;
    return this.rows[i] || undefined;
  }
}

const GRADES_PER_STATEMENT = 5000;

export class EpaGrades {
  private first = -1;
  private count = 0;
  /** Each new EPA's standard version, as a position in `distinct` (a handful of versions). */
  private versions = new Uint16Array(4096);
  private readonly distinct: VersionRef[] = [];
  private attempts: Uint8Array;
  private grades: Int8Array;
  /** Each new EPA's lowest passed attempt per method (0: none passed). */
  private passedAt: Uint8Array;

  constructor(private readonly slots: number) {
    this.attempts = new Uint8Array(4096 * slots);
    this.grades = new Int8Array(4096 * slots).fill(-1);
    this.passedAt = new Uint8Array(4096 * slots);
  }

  private index(epaId: number): number {
    return epaId - this.first;
  }

  register(epaId: number, version: VersionRef): void {
    if (this.first < 0) this.first = epaId;
    const i = this.index(epaId);
    if (i !== this.count) throw new RangeError(`EPA ids are not consecutive (${epaId})`);
    let v = this.distinct.indexOf(version);
    if (v < 0) v = this.distinct.push(version) - 1;
    if (this.count === this.versions.length) this.versions = doubled(this.versions);
    this.versions[this.count++] = v;
    if (this.count * this.slots > this.attempts.length) {
      this.attempts = doubled(this.attempts);
      this.grades = doubled(this.grades, -1);
      this.passedAt = doubled(this.passedAt);
    }
  }

  record(epaId: number, version: VersionRef, method: string, attempt: number, grade: string): void {
    const slot = version.slot.get(method);
    if (slot === undefined) return;
    const at = this.index(epaId) * this.slots + slot;
    const rank = version.def.grades.indexOf(grade);
    if (attempt >= (this.attempts[at] as number)) {
      this.attempts[at] = attempt;
      this.grades[at] = rank;
    }
    const passedAt = this.passedAt[at] as number;
    if (rank >= version.passRank && (passedAt === 0 || attempt < passedAt))
      this.passedAt[at] = attempt;
  }

  /**
   * The new EPAs with a later attempt of a method an earlier attempt passed: the only ones a
   * re-sit after a pass can be flagged on (refreshResitAfterPassFlags then words the flags), and
   * few; asking every new EPA with a second attempt took most of a second at 1M rows.
   */
  *resitsAfterPass(): Generator<number> {
    for (let i = 0; i < this.count; i++) {
      const version = this.distinct[this.versions[i] as number] as VersionRef;
      if (!version.def.resits.onlyAfterFail) continue;
      for (let at = i * this.slots, end = at + this.slots; at < end; at++) {
        const passedAt = this.passedAt[at] as number;
        if (passedAt !== 0 && (this.attempts[at] as number) > passedAt) {
          yield this.first + i;
          break;
        }
      }
    }
  }

  /** Sets the overall grade and status of every new EPA whose methods are all graded. */
  finish(ctx: AppContext): void {
    // A few thousand EPAs a statement, their grades as JSON by position from the first id (null:
    // not all graded yet; '': graded, no overall grade): half the time of a statement per EPA.
    const update = ctx.sqlite.prepare(
      `UPDATE epas SET overall_grade = nullif(g.value, ''), status = 'awaiting_confirmation'
       FROM (SELECT ? + key AS id, value FROM json_each(?)) g
       WHERE epas.id = g.id AND g.value IS NOT NULL`,
    );
    for (let from = 0; from < this.count; from += GRADES_PER_STATEMENT) {
      const grades: (string | null)[] = [];
      const to = Math.min(this.count, from + GRADES_PER_STATEMENT);
      for (let i = from; i < to; i++) grades.push(this.overall(i));
      update.run(this.first + from, JSON.stringify(grades));
    }
  }

  /**
   * The overall grade of the i-th new EPA, '' when its grades give none, or null while a method
   * is ungraded.
   */
  private overall(i: number): string | null {
    const version = this.distinct[this.versions[i] as number] as VersionRef;
    const methods = version.def.methods;
    const byMethod: Record<string, string> = {};
    for (let m = 0; m < methods.length; m++) {
      const g = this.grades[i * this.slots + m] as number;
      if (g < 0) return null;
      byMethod[(methods[m] as { code: string }).code] = version.def.grades[g] as string;
    }
    return overallGrade(version.def, byMethod).grade ?? '';
  }
}

/**
 * The decisions written, in order, and the new ones' facts as the hooks take them: four numbers
 * a decision (the date as a position in the few hundred distinct dates). Typed arrays sized
 * from the expected rows: a million ids and facts never need copying to grow, and never sit
 * in the garbage-collected heap.
 */
export class WrittenLog {
  private n = 0;
  private ids: Int32Array;
  private assessorIds: Int32Array;
  private versionIds: Int32Array;
  private apprenticeIds: Int32Array;
  private dayIndex: Int32Array;
  private readonly days: string[] = [];
  private readonly dayPositions = new Map<string, number>();
  /** A changed decision's facts are partly stored ones; the hooks then read them all back. */
  private complete = true;

  constructor(expectedRows: number) {
    const size = Math.max(1024, Math.min(expectedRows, 4_000_000));
    this.ids = new Int32Array(size);
    this.assessorIds = new Int32Array(size);
    this.versionIds = new Int32Array(size);
    this.apprenticeIds = new Int32Array(size);
    this.dayIndex = new Int32Array(size);
  }

  /** A new decision, with what the writer knows of it. */
  add(id: number, assessorId: number, versionId: number, apprenticeId: number, date: string): void {
    this.push(id);
    if (!this.complete) return;
    let day = this.dayPositions.get(date);
    if (day === undefined) {
      day = this.days.push(date) - 1;
      this.dayPositions.set(date, day);
    }
    const at = this.n - 1;
    this.assessorIds[at] = assessorId;
    this.versionIds[at] = versionId;
    this.apprenticeIds[at] = apprenticeId;
    this.dayIndex[at] = day;
  }

  /** A stored decision was changed: from here on the hooks read back what they need. */
  changed(id: number): void {
    this.push(id);
    if (!this.complete) return;
    this.complete = false;
    const none = new Int32Array(0);
    this.assessorIds = this.versionIds = this.apprenticeIds = this.dayIndex = none;
  }

  /** The ids of the decisions written, new or changed. */
  written(): Int32Array {
    return this.ids.subarray(0, this.n);
  }

  /** Position for position with the ids written, or undefined when any was a change. */
  facts(): WrittenDecisions | undefined {
    if (!this.complete) return undefined;
    return {
      assessorIds: this.assessorIds.subarray(0, this.n),
      versionIds: this.versionIds.subarray(0, this.n),
      apprenticeIds: this.apprenticeIds.subarray(0, this.n),
      dayIndex: this.dayIndex.subarray(0, this.n),
      days: this.days,
    };
  }

  private push(id: number): void {
    if (this.n === this.ids.length) {
      this.ids = doubled(this.ids);
      if (this.complete) {
        this.assessorIds = doubled(this.assessorIds);
        this.versionIds = doubled(this.versionIds);
        this.apprenticeIds = doubled(this.apprenticeIds);
        this.dayIndex = doubled(this.dayIndex);
      }
    }
    this.ids[this.n++] = id;
  }
}
