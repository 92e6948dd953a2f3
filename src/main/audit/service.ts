import { desc, lt } from 'drizzle-orm';
import type { AuditEntryDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { auditLog } from '../db/schema';

export function listAudit(
  ctx: AppContext,
  input: { limit: number; beforeId?: number | undefined },
): AuditEntryDto[] {
  const rows = ctx.db
    .select()
    .from(auditLog)
    .where(input.beforeId ? lt(auditLog.id, input.beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(input.limit)
    .all();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    before: r.beforeJson === null ? null : (JSON.parse(r.beforeJson) as unknown),
    after: r.afterJson === null ? null : (JSON.parse(r.afterJson) as unknown),
  }));
}
