/**
 * A decision whose grade changed from outside the app (a re-import) after it was moderated or
 * released: IQA must look at it again before it is released. Its settling moderation records are
 * set aside (kept as history, SETTLES) and it goes back into the moderation queue of the
 * published plan that sampled it or has it in scope; only a decision no published plan covers
 * waits on hold for the next plan or top-up of its period.
 */
import type { AppContext } from '../core/context';
import { currentActor, writeAudit } from '../audit/audit';
import { publishedPlanFor, setDecisionStatus, stampSampled } from '../sampling/hold';
import { sampleInPlan } from '../sampling/items';
import { SETTLES } from './settled';
import { prepared } from '../db/statements';

/** The compliance flag a decision re-graded after moderation or release carries. */
export const REGRADED_FLAG = 'regraded_after_moderation';

/** Moderated again: the flag has done its work (the audit log keeps why it was raised). */
export function settleRegraded(ctx: AppContext, decisionId: number): void {
  prepared(
    ctx.sqlite,
    `DELETE FROM compliance_flags WHERE decision_id = ? AND code = '${REGRADED_FLAG}'`,
  ).run(decisionId);
}

export function regradedMessage(why: string): string {
  return `${why}, after it was moderated or released: moderate it again`;
}

export interface Reopened {
  /** The published plan whose queue the decision is back in; null: on hold for a later plan. */
  planId: number | null;
  /** Moderation records set aside. */
  superseded: number[];
}

/**
 * `stamp` snapshots the plan's reopened items and sets their due dates (stampSampled): a caller
 * reopening many decisions stamps each plan once, at the end, instead of once per decision.
 */
export function reopenForModeration(
  ctx: AppContext,
  decisionId: number,
  why: string,
  stamp: (planId: number) => void = (planId) => stampSampled(ctx, planId),
): Reopened {
  const s = ctx.sqlite;
  const actor = currentActor(ctx);
  const superseded = prepared(
    s,
    `SELECT r.id FROM moderation_records r WHERE r.decision_id = ? AND ${SETTLES}`,
    'pluck',
  ).all(decisionId) as number[];
  const setAside = prepared(
    s,
    'UPDATE moderation_records SET superseded_at = ?, superseded_reason = ? WHERE id = ?',
  );
  for (const id of superseded) {
    setAside.run(ctx.clock().toISOString(), why, id);
    writeAudit(
      ctx,
      {
        action: 'moderation.superseded',
        entity: 'moderation_record',
        entityId: id,
        after: { decisionId, reason: why },
      },
      actor,
    );
  }

  // A flag, so that a plan always samples it (a later one, when none covers it yet), and the
  // moderator sees why it is back: one, however often it is re-graded, until it is moderated.
  // Raised at the app's time, as the records are set aside: it dates the re-grade, which imported
  // moderation history older than it cannot have moderated.
  settleRegraded(ctx, decisionId);
  prepared(
    s,
    `INSERT INTO compliance_flags (decision_id, code, field, message, created_at)
     VALUES (?, '${REGRADED_FLAG}', 'grade', ?, ?)`,
  ).run(decisionId, regradedMessage(why), ctx.clock().toISOString());

  const planId = publishedPlanFor(ctx, decisionId);
  if (planId === undefined) {
    setDecisionStatus(ctx, decisionId, 'held', why);
    return { planId: null, superseded };
  }
  const reason = `moderate again: ${why}`;
  const assessorId = prepared(s, 'SELECT assessor_id FROM decisions WHERE id = ?', 'pluck').get(
    decisionId,
  ) as number;
  sampleInPlan(
    ctx,
    { planId, published: true, decisionId, assessorId, reason, told: reason, actor },
    stamp,
  );
  return { planId, superseded };
}
