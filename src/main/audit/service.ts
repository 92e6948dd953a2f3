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
 * Decisions and moderation records by their decision's reference, as an auditor would look
 * them up, rather than by internal ids: one query per kind for the whole page.
 */
function recordNames(
  ctx: AppContext,
  rows: { entity: string; entityId: string | null }[],
): Map<string, string> {
  const names = new Map<string, string>();
  const ids = (entity: string): number[] => [
    ...new Set(
      rows
        .filter((r) => r.entity === entity && r.entityId !== null && /^\d+$/.test(r.entityId))
        .map((r) => Number(r.entityId)),
    ),
  ];
  const decisions = ids('decision');
  if (decisions.length > 0) {
    const found = ctx.sqlite
      .prepare(
        `SELECT id, decision_ref FROM decisions WHERE decision_ref IS NOT NULL
         AND id IN (SELECT value FROM json_each(?))`,
      )
      .raw(true)
      .all(JSON.stringify(decisions)) as [number, string][];
    for (const [id, ref] of found) names.set(`decision:${id}`, `Decision ${ref}`);
  }
  const records = ids('moderation_record');
  if (records.length > 0) {
    const found = ctx.sqlite
      .prepare(
        `SELECT r.id, d.decision_ref FROM moderation_records r JOIN decisions d ON d.id = r.decision_id
         WHERE d.decision_ref IS NOT NULL AND r.id IN (SELECT value FROM json_each(?))`,
      )
      .raw(true)
      .all(JSON.stringify(records)) as [number, string][];
    for (const [id, ref] of found)
      names.set(`moderation_record:${id}`, `Moderation record ${id} of ${ref}`);
  }
  const epas = ids('epa');
  if (epas.length > 0) {
    const found = ctx.sqlite
      .prepare(
        `SELECT e.id, p.uln, st.code FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
         JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
         WHERE e.id IN (SELECT value FROM json_each(?))`,
      )
      .raw(true)
      .all(JSON.stringify(epas)) as [number, string, string][];
    for (const [id, uln, standard] of found)
      names.set(`epa:${id}`, `EPA of ULN ${uln} (${standard})`);
  }
  return names;
}
