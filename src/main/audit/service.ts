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
  const names = recordNames(ctx, rows);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    record: names.get(`${r.entity}:${r.entityId}`) ?? null,
    before: r.beforeJson === null ? null : (JSON.parse(r.beforeJson) as unknown),
    after: r.afterJson === null ? null : (JSON.parse(r.afterJson) as unknown),
  }));
}

/**
 * How each kind of record is named for an auditor, from its id: the SQL gives [id, name] for the
 * ids in a JSON array (`?`).
 */
const NAMES: Record<string, string> = {
  decision: `SELECT id, 'Decision ' || decision_ref FROM decisions
    WHERE decision_ref IS NOT NULL AND id IN (SELECT value FROM json_each(?))`,
  moderation_record: `SELECT r.id, 'Moderation record ' || r.id || ' of ' || d.decision_ref
    FROM moderation_records r JOIN decisions d ON d.id = r.decision_id
    WHERE d.decision_ref IS NOT NULL AND r.id IN (SELECT value FROM json_each(?))`,
  epa: `SELECT e.id, 'EPA of ULN ' || p.uln || ' (' || st.code || ')' FROM epas e
    JOIN apprentices p ON p.id = e.apprentice_id
    JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
    WHERE e.id IN (SELECT value FROM json_each(?))`,
};

/**
 * Decisions, moderation records and EPAs as an auditor would look them up (by the decision's
 * reference, the apprentice's ULN) rather than by internal ids: one query per kind for the page.
 */
function recordNames(
  ctx: AppContext,
  rows: { entity: string; entityId: string | null }[],
): Map<string, string> {
  const names = new Map<string, string>();
  for (const [entity, sql] of Object.entries(NAMES)) {
    const ids = [
      ...new Set(
        rows
          .filter((r) => r.entity === entity && r.entityId !== null && /^\d+$/.test(r.entityId))
          .map((r) => Number(r.entityId)),
      ),
    ];
    if (ids.length === 0) continue;
    const found = ctx.sqlite.prepare(sql).raw(true).all(JSON.stringify(ids)) as [number, string][];
    for (const [id, name] of found) names.set(`${entity}:${id}`, name);
  }
  return names;
}
