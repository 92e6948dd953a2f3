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

/** Row numbers by decision id, for ids handed out in sequence from the first one recorded. */
export class RowsById {
  private first = -1;
  private rows = new Int32Array(4096);

  set(id: number, row: number): void {
    if (this.first < 0) this.first = id;
    const i = id - this.first;
    if (i < 0) throw new RangeError(`decision id ${id} came before ${this.first}`);
    while (i >= this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[i] = row;
  }

  get(id: number): number | undefined {
    const i = id - this.first;
    if (this.first < 0 || i < 0 || i >= this.rows.length) return undefined;
    return this.rows[i] || undefined;
  }
}

export class EpaGrades {
  private first = -1;
  private count = 0;
  private versions: VersionRef[] = [];
  private attempts: Uint8Array;
  private grades: Int8Array;

  constructor(private readonly slots: number) {
    this.attempts = new Uint8Array(4096 * slots);
    this.grades = new Int8Array(4096 * slots).fill(-1);
  }

  private index(epaId: number): number {
    return epaId - this.first;
  }

  register(epaId: number, version: VersionRef): void {
    if (this.first < 0) this.first = epaId;
    const i = this.index(epaId);
    if (i !== this.count) throw new RangeError(`EPA ids are not consecutive (${epaId})`);
    this.count++;
    this.versions.push(version);
    if (this.count * this.slots > this.attempts.length) {
      const attempts = new Uint8Array(this.attempts.length * 2);
      attempts.set(this.attempts);
      this.attempts = attempts;
      const grades = new Int8Array(this.grades.length * 2).fill(-1);
      grades.set(this.grades);
      this.grades = grades;
    }
  }

  record(epaId: number, version: VersionRef, method: string, attempt: number, grade: string): void {
    const slot = version.slot.get(method);
    if (slot === undefined) return;
    const at = this.index(epaId) * this.slots + slot;
    if (attempt >= (this.attempts[at] as number)) {
      this.attempts[at] = attempt;
      this.grades[at] = version.def.grades.indexOf(grade);
    }
  }

  /** Sets the overall grade and status of every new EPA whose methods are all graded. */
  finish(ctx: AppContext): void {
    const update = ctx.sqlite.prepare(
      "UPDATE epas SET overall_grade = ?, status = 'awaiting_confirmation' WHERE id = ?",
    );
    for (let i = 0; i < this.count; i++) {
      const version = this.versions[i] as VersionRef;
      const methods = version.def.methods;
      const byMethod: Record<string, string> = {};
      let complete = true;
      for (let m = 0; m < methods.length; m++) {
        const g = this.grades[i * this.slots + m] as number;
        if (g < 0) {
          complete = false;
          break;
        }
        byMethod[(methods[m] as { code: string }).code] = version.def.grades[g] as string;
      }
      if (!complete) continue;
      const result = overallGrade(version.def, byMethod);
      update.run(result.grade, this.first + i);
    }
  }
}

/**
 * The new decisions' facts, in the order they were written, as the hooks take them: four
 * numbers a decision (the date as a position in the few hundred distinct dates), sized from the
 * expected rows so that a million of them never need copying to grow.
 */
export class WrittenLog {
  private n = 0;
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
    this.assessorIds = new Int32Array(size);
    this.versionIds = new Int32Array(size);
    this.apprenticeIds = new Int32Array(size);
    this.dayIndex = new Int32Array(size);
  }

  add(assessorId: number, versionId: number, apprenticeId: number, date: string): void {
    if (!this.complete) return;
    if (this.n === this.assessorIds.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.assessorIds = grow(this.assessorIds);
      this.versionIds = grow(this.versionIds);
      this.apprenticeIds = grow(this.apprenticeIds);
      this.dayIndex = grow(this.dayIndex);
    }
    let day = this.dayPositions.get(date);
    if (day === undefined) {
      day = this.days.push(date) - 1;
      this.dayPositions.set(date, day);
    }
    this.assessorIds[this.n] = assessorId;
    this.versionIds[this.n] = versionId;
    this.apprenticeIds[this.n] = apprenticeId;
    this.dayIndex[this.n] = day;
    this.n++;
  }

  /** A stored decision was changed: from here on the hooks read back what they need. */
  changed(): void {
    if (!this.complete) return;
    this.complete = false;
    const none = new Int32Array(0);
    this.assessorIds = this.versionIds = this.apprenticeIds = this.dayIndex = none;
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
}
