/**
 * The grade hold: a decision is held until a published plan samples it (it stays held until
 * moderated) or leaves it out (released). Every status change is audited.
 */
import { englandAndWales } from '@shared/calendar';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { writeAudit } from '../audit/audit';
import { confirmationTarget } from '../epas/service';
import { prepared } from '../db/statements';

/** Sets a decision's hold status with an audit entry; the caller holds the transaction. */
export function setDecisionStatus(
  ctx: AppContext,
  decisionId: number,
  status: 'held' | 'sampled' | 'released',
  why: string,
): void {
  const before = prepared(ctx.sqlite, 'SELECT status FROM decisions WHERE id = ?', 'pluck').get(
    decisionId,
  ) as string | undefined;
  if (before === undefined || before === status) return;
  prepared(ctx.sqlite, 'UPDATE decisions SET status = ?, updated_at = ? WHERE id = ?').run(
    status,
    ctx.clock().toISOString(),
    decisionId,
  );
  writeAudit(ctx, {
    action: 'decision.status',
    entity: 'decision',
    entityId: decisionId,
    before: { status: before },
    after: { status, why },
  });
}

/**
 * The published plan a decision belongs to for moderation: the one that sampled it (an item,
 * even one removed since), else the latest whose scope holds it.
 */
export function publishedPlanFor(ctx: AppContext, decisionId: number): number | undefined {
  const sampledBy = prepared(
    ctx.sqlite,
    `SELECT i.plan_id FROM sampling_plan_items i
     JOIN sampling_plans sp ON sp.id = i.plan_id AND sp.status = 'published'
     WHERE i.decision_id = ? ORDER BY i.removed_at IS NOT NULL, i.id DESC LIMIT 1`,
    'pluck',
  ).get(decisionId) as number | undefined;
  if (sampledBy !== undefined) return sampledBy;
  return prepared(
    ctx.sqlite,
    `SELECT sp.id FROM sampling_plan_scope sc JOIN sampling_plans sp ON sp.id = sc.plan_id
     WHERE sc.decision_id = ? AND sp.status = 'published' ORDER BY sp.id DESC LIMIT 1`,
    'pluck',
  ).get(decisionId) as number | undefined;
}

export function decisionByRef(
  ctx: AppContext,
  ref: string,
): { id: number; assessor_id: number; status: string; decision_ref: string | null } {
  const sql = 'SELECT id, assessor_id, status, decision_ref FROM decisions WHERE';
  const row = (ctx.sqlite.prepare(`${sql} decision_ref = ?`).get(ref) ??
    (/^\d+$/.test(ref) ? ctx.sqlite.prepare(`${sql} id = ?`).get(Number(ref)) : undefined)) as
    { id: number; assessor_id: number; status: string; decision_ref: string | null } | undefined;
  if (!row) throw new DomainError('not_found', `No decision with reference ${ref}.`);
  return row;
}

/**
 * Stamps the plan's newly sampled items: a snapshot of the decision as it stands now (kept
 * beside its moderation record, whatever later re-imports change) and the date moderation is
 * due, the EPA's confirmation target. Call inside the transaction that sampled them. One UPDATE
 * for all of them, with the working-day arithmetic done beforehand once per distinct date.
 */
export function stampSampled(ctx: AppContext, planId: number): number {
  // The EPAs' last assessment dates, once each: the due date is a working-day sum from those.
  const lasts = ctx.sqlite
    .prepare(
      `SELECT DISTINCT (SELECT max(x.assessment_date) FROM decisions x WHERE x.epa_id = d.epa_id)
       FROM sampling_plan_items i JOIN decisions d ON d.id = i.decision_id
       WHERE i.plan_id = ? AND i.removed_at IS NULL AND i.snapshot_json IS NULL`,
    )
    .pluck()
    .all(planId) as string[];
  if (lasts.length === 0) return 0;
  const target = confirmationTarget(ctx);
  ctx.sqlite.exec(
    'CREATE TEMP TABLE IF NOT EXISTS due_calendar (last TEXT PRIMARY KEY, due TEXT NOT NULL) WITHOUT ROWID',
  );
  ctx.sqlite.exec('DELETE FROM temp.due_calendar');
  const insert = ctx.sqlite.prepare('INSERT INTO temp.due_calendar (last, due) VALUES (?, ?)');
  for (const last of lasts) insert.run(last, englandAndWales.addDays(last, target, 'working').date);
  // The decision's own fields and flags: who and where it concerns is read live, since those
  // records are not what a moderator judges.
  return ctx.sqlite
    .prepare(
      `UPDATE sampling_plan_items SET
         snapshot_json = (
           SELECT json_object('decisionRef', d.decision_ref, 'grade', d.grade, 'method', sampling_plan_items.method,
             'attempt', d.attempt, 'assessmentDate', d.assessment_date, 'assessorId', d.assessor_id,
             'durationMinutes', d.duration_minutes, 'questioningMinutes', d.questioning_minutes,
             'wordCount', d.word_count, 'evidencePieces', d.evidence_pieces,
             'flags', (SELECT json_group_array(f.message) FROM compliance_flags f WHERE f.decision_id = d.id),
             'sampledAt', ?, 'planId', sampling_plan_items.plan_id)
           FROM decisions d WHERE d.id = sampling_plan_items.decision_id),
         due_date = coalesce(due_date, (
           SELECT c.due FROM temp.due_calendar c WHERE c.last = (
             SELECT max(x.assessment_date) FROM decisions x
             WHERE x.epa_id = (SELECT d.epa_id FROM decisions d WHERE d.id = sampling_plan_items.decision_id))))
       WHERE plan_id = ? AND removed_at IS NULL AND snapshot_json IS NULL`,
    )
    .run(ctx.clock().toISOString(), planId).changes;
}
