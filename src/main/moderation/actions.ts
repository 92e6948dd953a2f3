/**
 * Actions a moderation sets the assessor: each is acknowledged by the assessor (recorded here
 * by IQA staff, since assessors do not use the app) and then closed by IQA with a note.
 */
import type { ActionRowDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { requireEditor } from '../users/service';

const STATUS = `CASE WHEN x.closed_at IS NOT NULL THEN 'closed'
  WHEN x.acknowledged_at IS NOT NULL THEN 'acknowledged' ELSE 'awaiting_acknowledgement' END`;

const SELECT = `SELECT x.id, r.id AS recordId, d.id AS decisionId, d.decision_ref AS decisionRef,
    a.ref AS assessorRef, a.name AS assessorName, r.moderator_name AS moderatorName, x.description,
    x.due_date AS dueDate, x.acknowledged_at AS acknowledgedAt, x.acknowledged_by AS acknowledgedBy,
    x.closed_at AS closedAt, x.closed_by AS closedBy, x.closed_note AS closedNote, ${STATUS} AS status
  FROM moderation_actions x JOIN moderation_records r ON r.id = x.record_id
  JOIN decisions d ON d.id = r.decision_id JOIN assessors a ON a.id = d.assessor_id`;

type Row = Omit<ActionRowDto, 'overdue'>;

function decorate(ctx: AppContext, row: Row): ActionRowDto {
  return {
    ...row,
    overdue: row.status !== 'closed' && row.dueDate !== null && row.dueDate < today(ctx),
  };
}

export function listActions(
  ctx: AppContext,
  input: { status: string; assessorRef?: string | undefined; offset: number; limit: number },
): { rows: ActionRowDto[]; total: number } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (input.status === 'open') parts.push('x.closed_at IS NULL');
  else if (input.status !== 'all') {
    parts.push(`${STATUS} = ?`);
    params.push(input.status);
  }
  if (input.assessorRef) {
    parts.push('a.ref = ?');
    params.push(input.assessorRef);
  }
  const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const total = ctx.sqlite
    .prepare(
      `SELECT count(*) FROM moderation_actions x JOIN moderation_records r ON r.id = x.record_id
       JOIN decisions d ON d.id = r.decision_id JOIN assessors a ON a.id = d.assessor_id ${where}`,
    )
    .pluck()
    .get(...params) as number;
  const rows = ctx.sqlite
    .prepare(
      `${SELECT} ${where} ORDER BY x.closed_at IS NOT NULL, coalesce(x.due_date, '9999-12-31'), x.id LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as Row[];
  return { rows: rows.map((r) => decorate(ctx, r)), total };
}

function getAction(ctx: AppContext, id: number): ActionRowDto {
  const row = ctx.sqlite.prepare(`${SELECT} WHERE x.id = ?`).get(id) as Row | undefined;
  if (!row) throw new DomainError('not_found', `Action ${id} does not exist.`);
  return decorate(ctx, row);
}

export function acknowledgeAction(
  ctx: AppContext,
  input: { actionId: number; acknowledgedOn?: string | undefined; note?: string | undefined },
): ActionRowDto {
  requireEditor(ctx);
  ctx.sqlite
    .transaction(() => {
      const action = getAction(ctx, input.actionId);
      if (action.closedAt) throw new DomainError('conflict', 'This action is already closed.');
      if (action.acknowledgedAt)
        throw new DomainError(
          'conflict',
          `${action.assessorRef} already acknowledged this action on ${action.acknowledgedAt}.`,
        );
      const on = input.acknowledgedOn ?? today(ctx);
      if (on > today(ctx))
        throw new DomainError('refused', 'The acknowledgement date cannot be in the future.');
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          'UPDATE moderation_actions SET acknowledged_at = ?, acknowledged_by = ?, acknowledgement_note = ? WHERE id = ?',
        )
        .run(on, actor.name, input.note || null, input.actionId);
      writeAudit(
        ctx,
        {
          action: 'moderation.action-acknowledged',
          entity: 'moderation_action',
          entityId: input.actionId,
          after: { acknowledgedOn: on, note: input.note ?? null, assessor: action.assessorRef },
        },
        actor,
      );
    })
    .immediate();
  return getAction(ctx, input.actionId);
}

export function closeAction(
  ctx: AppContext,
  input: { actionId: number; note: string },
): ActionRowDto {
  requireEditor(ctx);
  ctx.sqlite
    .transaction(() => {
      const action = getAction(ctx, input.actionId);
      if (action.closedAt) throw new DomainError('conflict', 'This action is already closed.');
      if (!action.acknowledgedAt)
        throw new DomainError(
          'refused',
          `${action.assessorRef} has not acknowledged this action yet; record their acknowledgement before closing it.`,
        );
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          'UPDATE moderation_actions SET closed_at = ?, closed_by = ?, closed_note = ? WHERE id = ?',
        )
        .run(ctx.clock().toISOString(), actor.name, input.note, input.actionId);
      writeAudit(
        ctx,
        {
          action: 'moderation.action-closed',
          entity: 'moderation_action',
          entityId: input.actionId,
          after: { note: input.note },
        },
        actor,
      );
    })
    .immediate();
  return getAction(ctx, input.actionId);
}
