/**
 * Who may decide an enquiry or appeal (Ofqual General Conditions, section I; rules.md): nobody
 * who assessed the decision, moderated it, reviewed an earlier stage, or declared a conflict;
 * and the final decision of an appeal needs at least one decision-maker independent of the EPAO.
 * Each refusal says why, in words the user reads.
 */
import type { AppealKind } from '@shared/appeals';
import { nameKey } from '@shared/imports';
import type { AppContext } from '../core/context';
import { assessorNamed } from '../assessors/service';
import { conflictWith, decisionParties, independenceProblem } from '../moderation/independence';

const STAGE_WORDS = ['the enquiry review', 'stage 1', 'the stage 2 panel'];

function same(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

export function reviewerProblem(
  ctx: AppContext,
  who: {
    appealId: number;
    epaId: number;
    stage: number;
    userId: number | null;
    name: string;
    onDate: string;
  },
): string | null {
  const user =
    who.userId === null
      ? undefined
      : (ctx.sqlite
          .prepare('SELECT name, assessor_id AS assessorId FROM users WHERE id = ?')
          .get(who.userId) as { name: string; assessorId: number | null } | undefined);
  const decisions = ctx.sqlite
    .prepare(
      `SELECT d.id, d.assessor_id AS assessorId, a.name AS assessorName, a.ref AS assessorRef, m.code AS method
       FROM appeal_decisions ad JOIN decisions d ON d.id = ad.decision_id
       JOIN assessors a ON a.id = d.assessor_id JOIN assessment_methods m ON m.id = d.method_id
       WHERE ad.appeal_id = ? ORDER BY m.code`,
    )
    .all(who.appealId) as {
    id: number;
    assessorId: number;
    assessorName: string;
    assessorRef: string;
    method: string;
  }[];

  for (const d of decisions) {
    const assessed =
      (user?.assessorId !== undefined &&
        user.assessorId !== null &&
        user.assessorId === d.assessorId) ||
      same(who.name, d.assessorName);
    if (assessed)
      return `${who.name} is the assessor (${d.assessorRef}) of the ${d.method} decision being appealed, so cannot review it.`;
  }

  const ids = decisions.map((d) => d.id);
  if (ids.length) {
    // Names compared as people type them (nameKey), which SQL's lower() cannot do beyond ASCII:
    // a decision's moderation records are few.
    const moderated = (
      ctx.sqlite
        .prepare(
          `SELECT r.moderation_date AS date, m.code AS method, r.moderator_user_id AS userId,
             r.moderator_name AS name FROM moderation_records r
           JOIN decisions d ON d.id = r.decision_id JOIN assessment_methods m ON m.id = d.method_id
           WHERE r.decision_id IN (SELECT value FROM json_each(?))
           ORDER BY r.moderation_date, r.id`,
        )
        .all(JSON.stringify(ids)) as {
        date: string;
        method: string;
        userId: number | null;
        name: string;
      }[]
    ).find((r) => (who.userId !== null && r.userId === who.userId) || same(r.name, who.name));
    if (moderated)
      return `${who.name} moderated the ${moderated.method} decision being appealed (on ${moderated.date}), so cannot review it.`;
  }

  const earlier = (
    ctx.sqlite
      .prepare(
        `SELECT r.stage, a.ref, a.id = ? AS sameAppeal, r.user_id AS userId, r.name
         FROM appeal_reviewers r JOIN appeals a ON a.id = r.appeal_id
         WHERE a.epa_id = ? ORDER BY a.id, r.stage`,
      )
      .all(who.appealId, who.epaId) as {
      stage: number;
      ref: string;
      sameAppeal: number;
      userId: number | null;
      name: string;
    }[]
  ).filter((r) => (who.userId !== null && r.userId === who.userId) || same(r.name, who.name));
  for (const e of earlier) {
    if (e.sameAppeal === 1 && e.stage === who.stage)
      return `${who.name} is already a reviewer for ${STAGE_WORDS[who.stage] ?? `stage ${who.stage}`}.`;
    if (e.sameAppeal === 1 && e.stage < who.stage)
      return `${who.name} reviewed ${STAGE_WORDS[e.stage] ?? `stage ${e.stage}`} of this appeal, so cannot review a later stage.`;
    if (e.sameAppeal === 0)
      return `${who.name} reviewed ${STAGE_WORDS[e.stage] ?? `stage ${e.stage}`} of ${e.ref} for this EPA, an earlier stage, so cannot review this one.`;
  }

  if (who.userId !== null) {
    for (const d of decisions) {
      const problem = independenceProblem(ctx, who.userId, d.id, who.onDate);
      if (problem)
        return problem.replace('so someone else must judge it', 'so cannot review this appeal');
    }
    return null;
  }
  // Someone outside the app who is one of the assessors has declared conflicts as one.
  const assessor = assessorNamed(ctx, who.name);
  if (!assessor) return null;
  for (const d of decisions) {
    const parties = decisionParties(ctx, d.id);
    const person = { userId: null, assessorId: assessor.id };
    const conflict = parties && conflictWith(ctx, person, parties, who.onDate);
    if (conflict) return `${who.name} ${conflict}, so cannot review this appeal.`;
  }
  return null;
}

/** Why the final decision cannot be made at this stage yet, or null. Enquiries are not appeals. */
export function finalDecisionProblem(
  ctx: AppContext,
  appealId: number,
  kind: AppealKind,
  stage: number,
): string | null {
  if (kind === 'enquiry') return null;
  const independent = ctx.sqlite
    .prepare(
      'SELECT count(*) FROM appeal_reviewers WHERE appeal_id = ? AND stage = ? AND independent_of_epao = 1',
    )
    .pluck()
    .get(appealId, stage) as number;
  if (independent > 0) return null;
  const where = stage === 2 ? 'the stage 2 panel' : 'stage 1';
  return `the final decision on an appeal needs at least one decision-maker independent of the EPAO (not an employee, not one of its assessors, not otherwise connected). Add one to ${where}${stage === 1 ? ', or escalate to the stage 2 panel' : ''}.`;
}
