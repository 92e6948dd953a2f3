import type { AppContext } from '../core/context';
import { prepared } from '../db/statements';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface Actor {
  name: string;
  userId: number | null;
}

export function currentActor(ctx: AppContext): Actor {
  const { userId, fallbackActor } = ctx.session;
  if (userId !== null) {
    const name = prepared(ctx.sqlite, 'SELECT name FROM users WHERE id = ?', 'pluck').get(
      userId,
    ) as string | undefined;
    if (name !== undefined) return { name, userId };
  }
  return { name: fallbackActor, userId: null };
}

/**
 * Appends to the audit log. Call it inside the transaction that makes the change, so the change
 * and its record commit or roll back together.
 */
export function writeAudit(ctx: AppContext, entry: AuditEntry, actor = currentActor(ctx)): void {
  prepared(
    ctx.sqlite,
    `INSERT INTO audit_log (at, actor, actor_user_id, action, entity, entity_id, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    ctx.clock().toISOString(),
    actor.name,
    actor.userId,
    entry.action,
    entry.entity,
    entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
  );
}
