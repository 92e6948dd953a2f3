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
  const entries = rows.map((r) => ({
    row: r,
    before: r.beforeJson === null ? null : (JSON.parse(r.beforeJson) as unknown),
    after: r.afterJson === null ? null : (JSON.parse(r.afterJson) as unknown),
  }));
  // Every record the page mentions, by kind: its entries' own records and the ids in their values.
  const wanted = new Map<string, Set<number>>();
  const want = (kind: string, id: number): void => {
    const ids = wanted.get(kind) ?? new Set<number>();
    wanted.set(kind, ids.add(id));
  };
  const found = (kind: string, id: number): number => {
    want(kind, id);
    return id;
  };
  for (const { row, before, after } of entries) {
    if (row.entityId !== null && /^\d+$/.test(row.entityId)) want(row.entity, Number(row.entityId));
    replaceIds(before, found);
    replaceIds(after, found);
  }
  const names = recordNames(ctx, wanted);
  // Each id as its record's name, or "#id" where that record has gone.
  const name = (kind: string, id: number): string => names.get(`${kind}:${id}`) ?? `#${id}`;
  return entries.map(({ row: r, before, after }) => {
    const readable = { before: replaceIds(before, name), after: replaceIds(after, name) };
    return {
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      record: names.get(`${r.entity}:${r.entityId}`) ?? null,
      before,
      after,
      readable: readable.before === before && readable.after === after ? null : readable,
    };
  });
}

/**
 * How each kind of record is named for an auditor, from its id: the SQL gives [id, name] for the
 * ids in a JSON array (`?`). An entry's own record is looked up under its entity; ids inside its
 * values under the kind ID_KEYS gives their key.
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
  assessor: `SELECT id, 'Assessor ' || name || ' (' || ref || ')' FROM assessors
    WHERE id IN (SELECT value FROM json_each(?))`,
  user: `SELECT id, 'User ' || name FROM users WHERE id IN (SELECT value FROM json_each(?))`,
  // The period after the title, unless the title gives it already (as generated titles do).
  sampling_plan: `SELECT id, 'Sampling plan ' || title ||
      CASE WHEN instr(title, period_from || ' to ' || period_to) > 0 THEN ''
      ELSE ' (' || period_from || ' to ' || period_to || ')' END
    FROM sampling_plans WHERE id IN (SELECT value FROM json_each(?))`,
  // An item is the decision it samples: that is what the moderator was given.
  sampling_plan_item: `SELECT i.id, 'Decision ' || d.decision_ref
    FROM sampling_plan_items i JOIN decisions d ON d.id = i.decision_id
    WHERE d.decision_ref IS NOT NULL AND i.id IN (SELECT value FROM json_each(?))`,
  standardisation_event: `SELECT id, 'Standardisation event ' || title || ' (' || event_date || ')'
    FROM standardisation_events WHERE id IN (SELECT value FROM json_each(?))`,
  standardisation_exercise_item: `SELECT id, 'Item ' || label FROM standardisation_exercise_items
    WHERE id IN (SELECT value FROM json_each(?))`,
  standard_version: `SELECT v.id, st.code || ' v' || v.version FROM standard_versions v
    JOIN standards st ON st.id = v.standard_id WHERE v.id IN (SELECT value FROM json_each(?))`,
  appeal: `SELECT id, CASE kind WHEN 'enquiry' THEN 'Enquiry ' ELSE 'Appeal ' END || ref FROM appeals
    WHERE id IN (SELECT value FROM json_each(?))`,
  appeal_remediation: `SELECT r.id, 'Remediation of decision ' || d.decision_ref
    FROM appeal_remediation r JOIN decisions d ON d.id = r.decision_id
    WHERE d.decision_ref IS NOT NULL AND r.id IN (SELECT value FROM json_each(?))`,
  conflict: `SELECT id, 'Conflict with ' || party_type || ' ' || party_ref FROM conflicts
    WHERE id IN (SELECT value FROM json_each(?))`,
};

/**
 * The keys under which entries' values hold ids of other records (a number, or a list of them),
 * and the kind of record each names. `id` is left out: it is the entry's own record, or a row of
 * it, which the Record column already names.
 */
const ID_KEYS = new Map<string, string>([
  ['assessorId', 'assessor'],
  ['decisionId', 'decision'],
  ['decisionIds', 'decision'],
  ['heldAgain', 'decision'],
  ['epaId', 'epa'],
  ['recordId', 'moderation_record'],
  ['userId', 'user'],
  ['moderatorId', 'user'],
  ['itemIds', 'sampling_plan_item'], // moderation.assign
  ['itemId', 'standardisation_exercise_item'], // sample-marking grades
  ['standardVersionId', 'standard_version'],
  ['remediationId', 'appeal_remediation'],
  ['conflictId', 'conflict'],
]);

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * A stored value with each id ID_KEYS knows (a number, or one in a list), however deep, replaced
 * by `replace(kind, id)`; the value itself where nothing changed, so the caller can tell.
 */
function replaceIds(value: unknown, replace: (kind: string, id: number) => unknown): unknown {
  if (Array.isArray(value)) {
    const copy = value.map((v) => replaceIds(v, replace));
    return copy.some((v, i) => v !== value[i]) ? copy : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const copy = Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => {
      const kind = ID_KEYS.get(key);
      const now =
        kind && isId(v)
          ? replace(kind, v)
          : kind && Array.isArray(v) && v.some(isId)
            ? v.map((id: unknown) => (isId(id) ? replace(kind, id) : id))
            : replaceIds(v, replace);
      changed ||= now !== v;
      return [key, now];
    }),
  );
  return changed ? copy : value;
}

/** The names of the records wanted, under `kind:id`: one query per kind for the page. */
function recordNames(ctx: AppContext, wanted: Map<string, Set<number>>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [kind, sql] of Object.entries(NAMES)) {
    const ids = wanted.get(kind);
    if (!ids) continue;
    const found = ctx.sqlite
      .prepare(sql)
      .raw(true)
      .all(JSON.stringify([...ids])) as [number, string][];
    for (const [id, name] of found) names.set(`${kind}:${id}`, name);
  }
  return names;
}
