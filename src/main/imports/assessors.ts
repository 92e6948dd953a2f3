/**
 * Assessors: added or updated by reference, with their declared conflicts of interest (employer
 * names or provider UKPRNs, separated by ';') kept in the conflicts table that the decisions
 * import and sampling read. Conflicts this import added and a later file no longer lists are
 * ended (not deleted: the register keeps its history), "none" ends them all, and a blank cell
 * leaves them; conflicts declared in the app are left.
 */
import { validateUkprn } from '@shared/identifiers';
import { isNotGiven, longDate, nameKey } from '@shared/imports';
// From the file, not the barrel: the import worker loads this module (see core/decision-rules).
import {
  QUALIFICATION_LABELS,
  type QualificationStatus,
} from '@shared/standardisation/eligibility';
import { writeAudit } from '../audit/audit';
import { refreshAssessorFlags, type AssessorRow } from './assessor-flags';
import type { ImportEnv, RowProcessor } from './env';
import { columnIndex, pastDate, unusableCells, rawDisplay } from './rows';

const C = columnIndex('assessors');
const IMPORTED_NOTE = 'Declared in an assessors import';

const QUALIFICATIONS: [RegExp, string][] = [
  // First, and anywhere in the text: "TAQA - working towards" names the qualification being
  // worked towards, and must not read as holding it.
  [
    /(^(working|wt)\b)|\b(working[ _-]?towards|in progress|in training|training|registered|not yet)\b/,
    'working_towards',
  ],
  [
    /^(held|qualified|yes|achieved|taqa|a1|d32|d33|caveqa|cava|level 3 (award|certificate))\b/,
    'held',
  ],
  [/^(equivalent|equivalent[ _]expertise|expertise|exempt)\b/, 'equivalent_expertise'],
];

/** What registers kept by hand write for "no conflicts": never a party of that name. */
const NO_CONFLICTS =
  /^\s*(no|none|nil|nothing)(\s+(conflicts?|known|declared|to declare|of interest))*\s*\.?\s*$|^\s*no\s+(known\s+)?conflicts?(\s+(of interest|declared))?\s*\.?\s*$/i;

interface Party {
  type: 'employer' | 'provider';
  ref: string;
}

interface StoredAssessor {
  id: number;
  ref: string;
  name: string;
  email: string | null;
  startDate: string | null;
  qualificationStatus: string | null;
  competenceSince: string | null;
}

/**
 * The entries of a conflicts cell: separated by ';' or '|' (or one per line). Employer names may
 * hold commas, so a comma separates only in a list of numbers ("10012345, 10067890"), which
 * cannot be one employer's name. Spaces inside a number ("1001 2345") are how people group
 * digits, not part of it.
 */
function conflictItems(text: string): string[] {
  return text
    .split(/[;|\n]/)
    .flatMap((item) => (/^[\d\s]+(,[\d\s]+)+$/.test(item) ? item.split(',') : [item]))
    .map((x) => (/^[\d\s]+$/.test(x) ? x.replace(/\s+/g, '') : x.trim()))
    .filter(Boolean);
}

const partyKey = (p: Party): string => `${p.type}:${p.ref.toLowerCase()}`;

/** A name without its accents ("cafe" for "Café"), to spot an employer typed without them. */
const unaccented = (name: string): string => nameKey(name).normalize('NFD').replace(/\p{M}/gu, '');

type Detail = 'name' | 'email' | 'startDate' | 'qualificationStatus' | 'competenceSince';

/** The template's column for each stored detail: the preview speaks the file's language. */
const DETAIL_COLUMNS: Record<Detail, string> = {
  name: 'name',
  email: 'email',
  startDate: 'start_date',
  qualificationStatus: 'qualification_status',
  competenceSince: 'competence_since',
};

/** A stored detail as the preview shows it: a qualification by its label ("Working towards"). */
function detailText(key: Detail, value: string | null): string {
  if (value === null) return '(blank)';
  return key === 'qualificationStatus'
    ? (QUALIFICATION_LABELS[value as QualificationStatus] ?? value)
    : value;
}

/** "qualification_status: Held → Working towards", for the row's notes. */
function changeNote(key: Detail, before: string | null, after: string | null): string {
  return `${DETAIL_COLUMNS[key]}: ${detailText(key, before)} → ${detailText(key, after)}`;
}

export function assessorsProcessor(env: ImportEnv): RowProcessor {
  const s = env.ctx.sqlite;
  const byRef = s.prepare(
    `SELECT id, ref, name, email, start_date AS startDate, qualification_status AS qualificationStatus,
       competence_since AS competenceSince FROM assessors WHERE lower(ref) = lower(?)`,
  );
  const conflictsOf = s.prepare(
    `SELECT id, party_type AS type, party_ref AS ref, note FROM conflicts
     WHERE subject_type = 'assessor' AND subject_id = ? AND ended_on IS NULL AND party_type IN ('employer', 'provider')`,
  );
  const addConflict = s.prepare(
    `INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on, note)
     VALUES ('assessor', ?, ?, ?, ?, ?)`,
  );
  const endConflict = s.prepare('UPDATE conflicts SET ended_on = ? WHERE id = ?');
  const seen = new Map<string, number>();
  const twoYearsAgo = `${Number(env.today.slice(0, 4)) - 2}${env.today.slice(4)}`;
  const mapsConflicts = env.mapped.has('conflicts');

  const touched = new Map<number, AssessorRow>();
  const reasonOf = (n: number): string => `import batch ${env.batchId} (${env.fileName}, row ${n})`;
  let onRecord: Set<string> | undefined;
  /** Employers on record by their name without accents, for the warning below. */
  let withoutAccents: Map<string, string> | undefined;
  /**
   * Says when a declared conflict matches no employer or provider on record: it flags only the
   * decisions that name that party exactly, so a misspelt one would never flag anything. A note,
   * as declaring before the party's first decision is fine; a warning when a comma suggests two
   * employers typed as one. Nothing is said while nothing is on record (assessors imported first).
   */
  let employers: string[] | undefined;
  const checkDeclared = (n: number, parties: readonly Party[]): void => {
    employers ??= s.prepare('SELECT name FROM employers').pluck().all() as string[];
    onRecord ??= new Set([
      ...employers.map((name) => `employer:${nameKey(name)}`),
      ...(s.prepare('SELECT ukprn FROM providers').pluck().all() as string[]).map(
        (ukprn) => `provider:${ukprn}`,
      ),
    ]);
    if (onRecord.size === 0) return;
    for (const p of parties) {
      const employer = p.type === 'employer';
      if (onRecord.has(employer ? `employer:${nameKey(p.ref)}` : `provider:${p.ref}`)) continue;
      if (employer) withoutAccents ??= new Map(employers.map((name) => [unaccented(name), name]));
      const accented = employer ? withoutAccents?.get(unaccented(p.ref)) : undefined;
      if (accented !== undefined) {
        // Employers match in any capitals and spacing, not without their accents: this conflict
        // would flag none of that employer's decisions.
        env.problem(
          n,
          'conflicts',
          p.ref,
          `no employer on record is named '${p.ref}', but '${accented}' is, which differs only in its accents; the conflict flags only decisions for an employer of exactly that name (in any capitals), so type it as on record if it is the same employer`,
          true,
        );
      } else if (employer && p.ref.includes(',')) {
        env.problem(
          n,
          'conflicts',
          p.ref,
          `no employer on record is named '${p.ref}'; if it is two employers, separate them with ';' (as one name, it flags only decisions for an employer of exactly that name)`,
          true,
        );
      } else {
        env.note(
          n,
          employer
            ? `No employer on record is named '${p.ref}' yet: the conflict flags only decisions for an employer of exactly that name`
            : `No provider on record has UKPRN ${p.ref} yet: the conflict flags only decisions from that provider`,
        );
      }
    }
  };
  return {
    row(n, v) {
      let bad = false;
      const problem = (column: string, value: string, message: string): void => {
        bad = true;
        env.problem(n, column, value, message);
      };
      unusableCells(env, v, problem);
      const ref = v[C.assessor_ref] as string;
      const name = (v[C.name] as string).replace(/\s+/g, ' ');
      const email = (v[C.email] as string) || null;
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        problem('email', email, `'${email}' is not an email address`);
      const startDate = pastDate(env, 'start_date', v[C.start_date] as string, problem, null);
      const competenceSince = pastDate(
        env,
        'competence_since',
        v[C.competence_since] as string,
        problem,
        null,
      );
      const qualText = v[C.qualification_status] as string;
      let qualification: string | null = null;
      if (qualText !== '') {
        qualification = QUALIFICATIONS.find(([re]) => re.test(qualText.toLowerCase()))?.[1] ?? null;
        if (qualification === null) {
          problem(
            'qualification_status',
            qualText,
            `'${qualText}' is not a qualification status (held, working towards or equivalent expertise)`,
          );
        }
      }
      // Keyed so that the same party twice in one cell ("Redhill Water;redhill water") is one.
      const parties = new Map<string, Party>();
      const declare = (p: Party): void => {
        if (!parties.has(partyKey(p))) parties.set(partyKey(p), p);
      };
      const conflictsText = v[C.conflicts] as string;
      // "none" says there are no conflicts (those imported before end); a blank cell says nothing.
      const noConflicts = isNotGiven(conflictsText) || NO_CONFLICTS.test(conflictsText);
      const items = noConflicts ? [] : conflictItems(conflictsText);
      // The cell speaks for the register when it names a party or says "none"; one left with
      // only a separator (";" when the names were deleted) says nothing, as a blank cell does.
      const listsConflicts = mapsConflicts && (noConflicts || items.length > 0);
      for (const item of items) {
        if (/^\d+$/.test(item)) {
          const ukprn = validateUkprn(item);
          if (ukprn.ok) declare({ type: 'provider', ref: ukprn.ukprn });
          else
            problem(
              'conflicts',
              item,
              `'${item}' looks like a provider's UKPRN but is not one: ${ukprn.reason}`,
            );
        } else declare({ type: 'employer', ref: item.replace(/\s+/g, ' ') });
      }
      const declared = [...parties.values()];
      if (bad) {
        env.outcome(n, 'rejected', rawDisplay(env, v));
        return;
      }
      const first = seen.get(ref.toLowerCase());
      if (first !== undefined) {
        env.problem(
          n,
          'assessor_ref',
          ref,
          `row ${first} is the same assessor; a file may list each assessor once`,
        );
        env.outcome(n, 'rejected', rawDisplay(env, v));
        return;
      }
      seen.set(ref.toLowerCase(), n);
      if (competenceSince && competenceSince > twoYearsAgo) {
        env.problem(
          n,
          'competence_since',
          competenceSince,
          `competent only since ${longDate(competenceSince)}: the assessment plan asks independent assessors for 2 years or more`,
          true,
        );
      }
      const stored = byRef.get(ref) as StoredAssessor | undefined;
      // A column the file does not have, or a blank cell, is not a deletion: it keeps what is
      // stored. Start and competence dates are evidence an auditor checks; a file of just refs
      // and names, or an HR export with gaps, must not erase them (that is done in the app).
      const kept = <K extends keyof StoredAssessor>(
        column: string,
        key: K,
        value: StoredAssessor[K],
      ) => (stored && (!env.mapped.has(column) || value === null) ? stored[key] : value);
      // A name or email that differs only in capitals, spacing or quotes is the one on record:
      // exports that shout names, or lower-case emails, would otherwise rewrite (and audit) it on
      // every import. The one on record stays; a real correction is made in the app.
      const sameName = stored !== undefined && nameKey(stored.name) === nameKey(name);
      const keptEmail = kept('email', 'email', email);
      const sameEmail =
        stored?.email != null &&
        keptEmail !== null &&
        stored.email.toLowerCase() === keptEmail.toLowerCase();
      const after = {
        name: sameName ? stored.name : name,
        email: sameEmail ? stored.email : keptEmail,
        startDate: kept('start_date', 'startDate', startDate),
        qualificationStatus: kept('qualification_status', 'qualificationStatus', qualification),
        competenceSince: kept('competence_since', 'competenceSince', competenceSince),
      };
      const show = () => ({
        assessor_ref: ref,
        name: after.name,
        email: after.email ?? '',
        start_date: after.startDate ?? '',
        qualification_status: after.qualificationStatus
          ? QUALIFICATION_LABELS[after.qualificationStatus as QualificationStatus]
          : '',
        competence_since: after.competenceSince ?? '',
        conflicts: declared.map((p) => p.ref).join('; '),
      });
      if (!stored) {
        const id = Number(
          s
            .prepare(
              `INSERT INTO assessors (ref, name, email, status, start_date, qualification_status, competence_since)
               VALUES (?, ?, ?, 'active', ?, ?, ?)`,
            )
            .run(ref, name, email, startDate, qualification, competenceSince).lastInsertRowid,
        );
        touched.set(id, { row: n, ref, typed: ref });
        for (const p of declared)
          addConflict.run(id, p.type, p.ref, env.today, `${IMPORTED_NOTE} (batch ${env.batchId})`);
        checkDeclared(n, declared);
        writeAudit(env.ctx, {
          action: 'assessor.import-create',
          entity: 'assessor',
          entityId: id,
          // The assessors table has no batch column: this is where the assessor came from.
          after: { ref, ...after, conflicts: declared, reason: reasonOf(n) },
        });
        env.outcome(n, 'new', show);
        return;
      }
      const before = {
        name: stored.name,
        email: stored.email,
        startDate: stored.startDate,
        qualificationStatus: stored.qualificationStatus,
        competenceSince: stored.competenceSince,
      };
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
        (k) => after[k] !== before[k],
      );
      const current = conflictsOf.all(stored.id) as (Party & { id: number; note: string | null })[];
      const have = new Set(current.map(partyKey));
      const want = new Set(declared.map(partyKey));
      const added = declared.filter((p) => !have.has(partyKey(p)));
      const ended = listsConflicts
        ? current.filter((c) => !want.has(partyKey(c)) && (c.note ?? '').startsWith(IMPORTED_NOTE))
        : [];
      if (changed.length === 0 && added.length === 0 && ended.length === 0) {
        env.outcome(n, 'unchanged', show);
        return;
      }
      touched.set(stored.id, { row: n, ref: stored.ref, typed: ref });
      if (changed.length > 0) {
        s.prepare(
          `UPDATE assessors SET name = ?, email = ?, start_date = ?, qualification_status = ?, competence_since = ?
           WHERE id = ?`,
        ).run(
          after.name,
          after.email,
          after.startDate,
          after.qualificationStatus,
          after.competenceSince,
          stored.id,
        );
      }
      for (const p of added)
        addConflict.run(
          stored.id,
          p.type,
          p.ref,
          env.today,
          `${IMPORTED_NOTE} (batch ${env.batchId})`,
        );
      for (const c of ended) endConflict.run(env.today, c.id);
      writeAudit(env.ctx, {
        action: 'assessor.import-update',
        entity: 'assessor',
        entityId: stored.id,
        before: {
          ...Object.fromEntries(changed.map((k) => [k, before[k]])),
          conflictsEnded: ended.map((c) => c.ref),
        },
        after: {
          ...Object.fromEntries(changed.map((k) => [k, after[k]])),
          conflictsAdded: added.map((p) => p.ref),
          reason: reasonOf(n),
        },
      });
      for (const k of changed) env.note(n, changeNote(k, before[k], after[k]));
      for (const p of added) env.note(n, `Conflict of interest added: ${p.ref}`);
      checkDeclared(n, added);
      for (const c of ended) env.note(n, `Conflict of interest ended: ${c.ref}`);
      env.outcome(n, 'changed', show);
    },
    finish() {
      // Eligibility (qualification, competence, conflicts) decides standardisation's flags on
      // these assessors' decisions: recompute them in the same transaction.
      refreshAssessorFlags(env, touched);
    },
  };
}
