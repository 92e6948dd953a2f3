/**
 * The small tables every row consults (standards and versions, assessors, employers, providers),
 * loaded once per import into maps so a row costs no query. New employers,
 * providers and assessors an import creates are added as it goes, inside its transaction.
 */
import { nameKey, normaliseVersion } from '@shared/imports';
import { gradeRank, resolveGrade, resolveMethod, type StandardVersion } from '@shared/standards';
import type { AppContext } from '../core/context';
import { allVersions, type VersionRow } from '../standards/load';

export interface VersionRef {
  row: VersionRow;
  def: StandardVersion;
  standardId: number;
  /** Method code → position in def.methods, for per-EPA grade tracking. */
  slot: Map<string, number>;
  /** The pass grade's place in def.grades: a grade at or above it passed. */
  passRank: number;
  methodCache: Map<string, string | null>;
  gradeCache: Map<string, string | null>;
}

export interface StandardRef {
  id: number;
  code: string;
  versions: VersionRef[];
  /** Versions by the exact text a file names them with. */
  byText: Map<string, VersionRef>;
}

export interface AssessorRef {
  id: number;
  ref: string;
  name: string;
}

export class Reference {
  readonly standards = new Map<string, StandardRef>();
  readonly versionsById = new Map<number, VersionRef>();
  readonly assessors = new Map<string, AssessorRef>();
  readonly assessorsById = new Map<number, AssessorRef>();
  readonly employers = new Map<string, number>();
  readonly employerNames = new Map<number, string>();
  readonly providers = new Map<string, number>();
  readonly providerUkprns = new Map<number, string>();
  readonly maxMethods: number;

  constructor(private readonly ctx: AppContext) {
    const s = ctx.sqlite;
    const standardIds = new Map(
      (s.prepare('SELECT code, id FROM standards').raw(true).all() as [string, number][]).map(
        ([code, id]) => [code, id],
      ),
    );
    let maxMethods = 1;
    for (const row of allVersions(ctx)) {
      const standardId = standardIds.get(row.code) as number;
      const def = row.definition.version;
      const ref: VersionRef = {
        row,
        def,
        standardId,
        slot: new Map(def.methods.map((m, i) => [m.code, i])),
        passRank: gradeRank(def, def.passGrade),
        methodCache: new Map(),
        gradeCache: new Map(),
      };
      maxMethods = Math.max(maxMethods, def.methods.length);
      this.versionsById.set(row.id, ref);
      const std: StandardRef = this.standards.get(nameKey(row.code)) ?? {
        id: standardId,
        code: row.code,
        versions: [],
        byText: new Map(),
      };
      std.versions.push(ref);
      this.standards.set(nameKey(row.code), std);
    }
    this.maxMethods = maxMethods;
    for (const a of s.prepare('SELECT id, ref, name FROM assessors').all() as AssessorRef[]) {
      this.assessors.set(nameKey(a.ref), a);
      this.assessorsById.set(a.id, a);
    }
    for (const [id, name] of s.prepare('SELECT id, name FROM employers').raw(true).all() as [
      number,
      string,
    ][]) {
      this.employers.set(nameKey(name), id);
      this.employerNames.set(id, name);
    }
    for (const [id, ukprn] of s.prepare('SELECT id, ukprn FROM providers').raw(true).all() as [
      number,
      string,
    ][]) {
      this.providers.set(ukprn, id);
      this.providerUkprns.set(id, ukprn);
    }
  }

  // Hits by the exact text a file uses, so most rows skip normalising it.
  private readonly seen = {
    standards: new Map<string, StandardRef>(),
    assessors: new Map<string, AssessorRef>(),
    employers: new Map<string, number>(),
  };

  standard(code: string): StandardRef | undefined {
    let hit = this.seen.standards.get(code);
    if (hit) return hit;
    hit = this.standards.get(nameKey(code));
    if (hit) this.seen.standards.set(code, hit);
    return hit;
  }

  /** A version by its name ("1.1", "v1.1", "1"), or undefined. */
  version(std: StandardRef, text: string): VersionRef | undefined {
    let hit = std.byText.get(text);
    if (hit) return hit;
    const wanted = normaliseVersion(text);
    hit = std.versions.find((v) => v.def.version === wanted);
    if (hit) std.byText.set(text, hit);
    return hit;
  }

  /**
   * The version for a row that names none: the one in force on the date (when versions carry
   * dates), otherwise the latest.
   */
  defaultVersion(std: StandardRef, onDate: string | null): VersionRef {
    const dated = std.versions.filter((v) => v.def.effectiveFrom);
    if (onDate && dated.length > 0) {
      const inForce = dated
        .filter((v) => (v.def.effectiveFrom as string) <= onDate)
        .sort((a, b) =>
          (a.def.effectiveFrom as string).localeCompare(b.def.effectiveFrom as string),
        );
      if (inForce.length > 0) return inForce.at(-1) as VersionRef;
    }
    return std.versions.at(-1) as VersionRef;
  }

  method(v: VersionRef, text: string): string | null {
    let hit = v.methodCache.get(text);
    if (hit === undefined) {
      hit = resolveMethod(v.def, text);
      v.methodCache.set(text, hit);
    }
    return hit;
  }

  grade(v: VersionRef, text: string): string | null {
    let hit = v.gradeCache.get(text);
    if (hit === undefined) {
      hit = resolveGrade(v.def, text);
      v.gradeCache.set(text, hit);
    }
    return hit;
  }

  assessor(ref: string): AssessorRef | undefined {
    let hit = this.seen.assessors.get(ref);
    if (hit) return hit;
    hit = this.assessors.get(nameKey(ref));
    if (hit) this.seen.assessors.set(ref, hit);
    return hit;
  }

  addAssessor(a: AssessorRef): void {
    this.assessors.set(nameKey(a.ref), a);
    this.assessorsById.set(a.id, a);
  }

  employer(name: string): number | undefined {
    let hit = this.seen.employers.get(name);
    if (hit !== undefined) return hit;
    hit = this.employers.get(nameKey(name));
    if (hit !== undefined) this.seen.employers.set(name, hit);
    return hit;
  }

  addEmployer(name: string, id: number): void {
    this.employers.set(nameKey(name), id);
    this.seen.employers.set(name, id);
    this.employerNames.set(id, name.trim());
  }

  addProvider(ukprn: string, id: number): void {
    this.providers.set(ukprn, id);
    this.providerUkprns.set(id, ukprn);
  }
}
