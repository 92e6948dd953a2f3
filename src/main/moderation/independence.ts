/**
 * Who may judge a decision. A person may not moderate (or review on appeal) their own
 * assessment, nor one where they declared a conflict with the apprentice, employer or provider.
 * Conflicts are judged by conflictOn, the rule that flags an assessor's decisions, so a conflict
 * that flags an assessment also stops the same person judging it, and the moderation history
 * import refuses what the app refuses.
 */
import {
  conflictOn,
  type DecisionParties as Parties,
  type DeclaredConflict,
} from '@shared/standardisation/eligibility';
import type { AppContext } from '../core/context';

export interface DecisionParties extends Parties {
  assessorId: number;
}

export function decisionParties(ctx: AppContext, decisionId: number): DecisionParties | undefined {
  return ctx.sqlite
    .prepare(
      `SELECT d.assessor_id AS assessorId, p.uln, emp.name AS employer, pr.ukprn AS providerUkprn
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
       WHERE d.id = ?`,
    )
    .get(decisionId) as DecisionParties | undefined;
}

/** A person known as an IQA user, as an assessor, or both (a user who is an assessor). */
export interface Person {
  userId: number | null;
  assessorId: number | null;
}

/**
 * Reads a person's declared conflicts: those declared as a user and those declared as the
 * assessor they are (an assessor's register lists theirs), ended or not. Prepared once, so a
 * caller judging many decisions can read each person's once.
 */
export function conflictsReader(ctx: AppContext): (person: Person) => DeclaredConflict[] {
  const query = ctx.sqlite.prepare(
    `SELECT party_type AS partyType, party_ref AS partyRef, declared_on AS declaredOn,
       ended_on AS endedOn FROM conflicts
     WHERE (subject_type = 'user' AND subject_id = ?) OR (subject_type = 'assessor' AND subject_id = ?)
     ORDER BY id`,
  );
  return (person) => query.all(person.userId ?? -1, person.assessorId ?? -1) as DeclaredConflict[];
}

/** Why this user may not judge this decision, or null when they may. */
export function independenceProblem(
  ctx: AppContext,
  userId: number,
  decisionId: number,
  onDate: string,
): string | null {
  const user = ctx.sqlite
    .prepare('SELECT name, assessor_id AS assessorId FROM users WHERE id = ?')
    .get(userId) as { name: string; assessorId: number | null } | undefined;
  const parties = decisionParties(ctx, decisionId);
  if (!user || !parties) return 'Unknown user or decision.';
  if (user.assessorId !== null && user.assessorId === parties.assessorId) {
    return `${user.name} assessed this decision, so someone else must judge it.`;
  }
  const conflict = conflictWith(ctx, { userId, assessorId: user.assessorId }, parties, onDate);
  return conflict ? `${user.name} ${conflict}, so someone else must judge it.` : null;
}

/**
 * The conflict this person declared with the decision's apprentice, employer or provider that
 * counts on `onDate` ("declared a conflict of interest with ..."), or null: a user, or someone
 * known only as one of the assessors.
 */
export function conflictWith(
  ctx: AppContext,
  person: Person,
  parties: DecisionParties,
  onDate: string,
): string | null {
  return conflictOn(conflictsReader(ctx)(person), parties, onDate)?.message ?? null;
}
