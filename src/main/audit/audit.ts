import type { AppContext } from '../core/context';
import { auditLog, users } from '../db/schema';
import { eq } from 'drizzle-orm';

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
    const user = ctx.db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get();
    if (user) return { name: user.name, userId };
  }
  return { name: fallbackActor, userId: null };
}

/**
 * Appends to the audit log. Call it inside the transaction that makes the change, so the change
 * and its record commit or roll back together.
 */
export function writeAudit(ctx: AppContext, entry: AuditEntry, actor = currentActor(ctx)): void {
  ctx.db
    .insert(auditLog)
    .values({
      at: ctx.clock().toISOString(),
      actor: actor.name,
      actorUserId: actor.userId,
      action: entry.action,
      entity: entry.entity,
      entityId:
        entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      beforeJson: entry.before === undefined ? null : JSON.stringify(entry.before),
      afterJson: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .run();
}
