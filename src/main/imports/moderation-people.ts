/**
 * Who a moderation history row's moderator is. The file gives text; the import needs a person,
 * so that the self-moderation check, the independence rule and an appeal's search for the
 * decision's moderator see the same one however the rows spell them: a user's name, any name in
 * any capitals, or an assessor's reference. Owned here, apart from the row processor, because it
 * is read once per import (users, assessors, the spellings already stored) and asked many times.
 */
import { nameKey } from '@shared/imports';
import type { DeclaredConflict } from '@shared/standardisation/eligibility';
import type { AppContext } from '../core/context';
import { conflictsReader, type Person } from '../moderation/independence';

export interface UserRow {
  id: number;
  name: string;
  assessorId: number | null;
}

export interface AssessorRow {
  id: number;
  ref: string;
  name: string;
}

/**
 * Who a row's moderator cell names: the name they are stored and shown under, the user they are
 * (if any), the assessor they are (if any), and every text that names them.
 */
export interface Moderator {
  name: string;
  user: UserRow | undefined;
  assessor: AssessorRow | undefined;
  /** nameKeys of their name, the cell's text and, for an assessor, their reference and name. */
  keys: ReadonlySet<string>;
}

export class Moderators {
  private readonly users: Map<string, UserRow>;
  private readonly userOfAssessor = new Map<number, UserRow>();
  private readonly assessorsById: Map<number, AssessorRow>;
  private readonly assessorsByRef: Map<string, AssessorRow>;
  private readonly assessorsByName = new Map<string, AssessorRow | null>();
  /**
   * One person is one moderator whatever the capitals and spacing of each row: a name that is no
   * user's is stored as an earlier record spelt it, else as the assessors list spells it, else as
   * the file first gives it. Spelt row by row, 'Ruth Patel' and 'RUTH PATEL' were two
   * moderators to everything that matches names exactly, such as an appeal's search for the
   * other decisions its moderator moderated.
   */
  private readonly spelt = new Map<string, string>();
  private readonly readConflicts: (person: Person) => DeclaredConflict[];
  // A history file names a few moderators many times over: each one's conflicts are read once.
  private readonly declared = new Map<string, DeclaredConflict[]>();

  constructor(ctx: AppContext) {
    const s = ctx.sqlite;
    const userRows = s
      .prepare('SELECT id, name, assessor_id AS assessorId FROM users ORDER BY id')
      .all() as UserRow[];
    this.users = new Map(userRows.map((u) => [nameKey(u.name), u]));
    for (const u of userRows)
      if (u.assessorId !== null && !this.userOfAssessor.has(u.assessorId))
        this.userOfAssessor.set(u.assessorId, u);
    const assessorRows = s
      .prepare('SELECT id, ref, name FROM assessors ORDER BY id')
      .all() as AssessorRow[];
    this.assessorsById = new Map(assessorRows.map((a) => [a.id, a]));
    // Matched as the decisions import matches them: any capitals and spacing.
    this.assessorsByRef = new Map(assessorRows.map((a) => [nameKey(a.ref), a]));
    // A name two assessors share tells neither apart, so it names no assessor.
    for (const a of assessorRows) {
      const key = nameKey(a.name);
      this.assessorsByName.set(key, this.assessorsByName.has(key) ? null : a);
    }
    for (const name of s
      .prepare(
        'SELECT moderator_name FROM moderation_records GROUP BY moderator_name ORDER BY min(id)',
      )
      .pluck()
      .all() as string[]) {
      const key = nameKey(name);
      if (!this.spelt.has(key)) this.spelt.set(key, name);
    }
    for (const a of assessorRows)
      if (!this.spelt.has(nameKey(a.name))) this.spelt.set(nameKey(a.name), a.name);
    this.readConflicts = conflictsReader(ctx);
  }

  /**
   * A moderator cell as the file gives it, read before any row applies (rows apply by decision
   * and date, not in the file's order), so that the file's first spelling is the one kept.
   */
  read(cell: string): void {
    const named = cell.trim().replace(/\s+/g, ' ');
    if (!this.spelt.has(nameKey(named))) this.spelt.set(nameKey(named), named);
  }

  /**
   * The person a row's moderator cell names. An export from an EPA platform may give an
   * assessor who moderates by their reference ('IA002'): that is the assessor, stored under their
   * name (or as the user they are), not a moderator called 'IA002' whom neither the
   * self-moderation check nor an appeal's search for the decision's moderator would recognise.
   */
  of(text: string): Moderator {
    const key = nameKey(text);
    const named = this.users.get(key);
    const assessor = named
      ? this.assessorsById.get(named.assessorId ?? -1)
      : (this.assessorsByRef.get(key) ?? this.assessorsByName.get(key) ?? undefined);
    const user = named ?? (assessor && this.userOfAssessor.get(assessor.id));
    const name =
      user?.name ??
      (assessor
        ? (this.spelt.get(nameKey(assessor.name)) ?? assessor.name)
        : (this.spelt.get(key) ?? text));
    const keys = new Set([key, nameKey(name)]);
    if (assessor) keys.add(nameKey(assessor.ref)).add(nameKey(assessor.name));
    return { name, user, assessor, keys };
  }

  /** The conflicts a moderator declared, as a user and as the assessor they are, ended or not. */
  conflicts(who: Moderator): DeclaredConflict[] {
    const person = { userId: who.user?.id ?? null, assessorId: who.assessor?.id ?? null };
    const key = `${person.userId}|${person.assessorId}`;
    let conflicts = this.declared.get(key);
    if (!conflicts) {
      conflicts = this.readConflicts(person);
      this.declared.set(key, conflicts);
    }
    return conflicts;
  }
}
