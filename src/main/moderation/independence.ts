/**
 * Who may judge a decision. A person may not moderate (or review on appeal) their own
 * assessment, nor one where they declared a conflict with the apprentice, employer or provider.
 */
import { nameKey } from '@shared/imports';
import type { AppContext } from '../core/context';

export interface DecisionParties {
  assessorId: number;
  uln: string;
  employer: string | null;
  providerUkprn: string | null;
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
  const conflicts = ctx.sqlite
    .prepare(
      `SELECT party_type AS type, party_ref AS ref, declared_on AS declared FROM conflicts
       WHERE ((subject_type = 'user' AND subject_id = ?) OR (subject_type = 'assessor' AND subject_id = ?))
         AND (ended_on IS NULL OR ended_on >= ?)`,
    )
    .all(userId, user.assessorId ?? -1, onDate) as {
    type: string;
    ref: string;
    declared: string | null;
  }[];
  for (const c of conflicts) {
    const hit =
      (c.type === 'employer' &&
        parties.employer !== null &&
        nameKey(c.ref) === nameKey(parties.employer)) ||
      (c.type === 'provider' && c.ref.trim() === parties.providerUkprn) ||
      (c.type === 'apprentice' && c.ref.trim() === parties.uln);
    if (hit) {
      const what =
        c.type === 'provider'
          ? `the training provider (UKPRN ${c.ref})`
          : c.type === 'employer'
            ? `the employer ${c.ref}`
            : `the apprentice (ULN ${c.ref})`;
      return `${user.name} declared a conflict of interest with ${what}${c.declared ? ` on ${c.declared}` : ''}, so someone else must judge it.`;
    }
  }
  return null;
}
