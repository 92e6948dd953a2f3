/**
 * The moderation queue: sampled decisions in published plans, filtered, sorted, counted and paged
 * in SQL. It filters and orders sampling_plan_items alone, through partial indexes on the active
 * items (the triggers of migration 0007 keep the item's copies of its decision current), and joins
 * decisions, apprentices and users only for the page it returns: at 100k items a page costs the
 * same at the top of the queue as deep in it, give or take the offset's walk along an index.
 */
import type { QueueFilter, QueueRowDto } from '@shared/contract';
import { DECIDING_SQL } from '../appeals/service';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { SETTLES } from './settled';

const SORTS: Record<string, string> = {
  date: 'i.assessment_date',
  method: 'i.method',
  grade: 'i.grade',
  // Every item gets a due date when sampled; only items from before due dates were kept have
  // none, and sort first.
  due: 'i.due_date',
  status: 'i.done',
};

/** The WHERE clause over `sampling_plan_items i`; exported for the query-plan tests. */
export function queueWhere(filter: QueueFilter): { sql: string; params: (string | number)[] } {
  const parts = ['i.active = 1'];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number): void => {
    parts.push(clause);
    params.push(value);
  };
  if (filter.status === 'to_do') parts.push('i.done = 0');
  if (filter.status === 'done') parts.push('i.done = 1');
  if (filter.assessorRef)
    add('i.assessor_id = (SELECT a.id FROM assessors a WHERE a.ref = ?)', filter.assessorRef);
  if (filter.method) add('i.method = ?', filter.method);
  if (filter.grade) add('i.grade = ?', filter.grade);
  if (filter.reason) add("i.reasons_json LIKE '%' || ? || '%'", filter.reason);
  if (filter.dueBefore) add('i.due_date <= ?', filter.dueBefore);
  if (filter.planId) add('i.plan_id = ?', filter.planId);
  if (filter.moderator === 'unassigned') parts.push('i.assigned_to IS NULL');
  else if (filter.moderator) add('i.assigned_to = ?', filter.moderator);
  return { sql: parts.join(' AND '), params };
}

/** The ordered page of item ids; exported for the query-plan tests. */
export function queuePageSql(filter: QueueFilter, sort: { by: string; dir: string }): string {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const where = queueWhere(filter).sql;
  if (sort.by === 'assessor') {
    // Walk the assessors in reference order and each one's items through their index: no sort.
    return `SELECT i.id FROM assessors a INDEXED BY assessors_ref_unique
      CROSS JOIN sampling_plan_items i ON i.assessor_id = a.id WHERE ${where}
      ORDER BY a.ref ${dir}, i.assessment_date ${dir}, i.id ${dir} LIMIT ? OFFSET ?`;
  }
  const key = SORTS[sort.by] ?? SORTS.date;
  // Ties break on the id in the same direction, so a descending sort walks the index backwards.
  return `SELECT i.id FROM sampling_plan_items i WHERE ${where}
    ORDER BY ${key} ${dir}, i.id ${dir} LIMIT ? OFFSET ?`;
}

export function queueCountSql(filter: QueueFilter): string {
  return `SELECT count(*) FROM sampling_plan_items i WHERE ${queueWhere(filter).sql}`;
}

export function listQueue(
  ctx: AppContext,
  input: {
    filter: QueueFilter;
    sort: { by: string; dir: 'asc' | 'desc' };
    offset: number;
    limit: number;
  },
): { rows: QueueRowDto[]; total: number } {
  const w = queueWhere(input.filter);
  const total = ctx.sqlite
    .prepare(queueCountSql(input.filter))
    .pluck()
    .get(...w.params) as number;
  const ids = ctx.sqlite
    .prepare(queuePageSql(input.filter, input.sort))
    .pluck()
    .all(...w.params, input.limit, input.offset) as number[];
  if (ids.length === 0) return { rows: [], total };
  const rows = ctx.sqlite
    .prepare(
      `SELECT i.id AS itemId, i.plan_id AS planId, d.id AS decisionId, d.decision_ref AS decisionRef, p.uln,
         trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')) AS apprentice,
         a.ref AS assessorRef, i.method, d.attempt, i.grade, i.assessment_date AS assessmentDate,
         i.due_date AS dueDate, i.reasons_json AS reasons, u.name AS moderator, i.assigned_to AS moderatorId,
         i.done,
         -- Only a record that settles the decision gives it a moderated grade: a referral's grade
         -- is the moderator's proposal to the assessor, whose answer the item is still waiting for.
         (SELECT r.moderated_grade FROM moderation_records r
           WHERE r.decision_id = d.id AND ${SETTLES} ORDER BY r.id DESC LIMIT 1) AS moderatedGrade,
         -- What stops anyone moderating it yet. Shown, not hidden: it still counts as to do, and
         -- is moderated once the enquiry or appeal has decided.
         (SELECT json_object('ref', ap.ref, 'kind', ap.kind, 'status', ap.status)
           FROM appeal_decisions ad JOIN appeals ap ON ap.id = ad.appeal_id
           WHERE i.done = 0 AND ad.decision_id = d.id AND ap.status IN (${DECIDING_SQL})
           ORDER BY ap.id DESC LIMIT 1) AS openAppeal
       FROM sampling_plan_items i
       JOIN decisions d ON d.id = i.decision_id JOIN assessors a ON a.id = i.assessor_id
       JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN users u ON u.id = i.assigned_to
       WHERE i.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as (Omit<QueueRowDto, 'reasons' | 'status' | 'openAppeal'> & {
    reasons: string;
    done: number;
    openAppeal: string | null;
  })[];
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  return {
    total,
    rows: ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const { done, reasons, openAppeal, ...rest } = r;
      return [
        {
          ...rest,
          reasons: JSON.parse(reasons) as string[],
          openAppeal: openAppeal ? (JSON.parse(openAppeal) as QueueRowDto['openAppeal']) : null,
          status: done ? ('done' as const) : ('to_do' as const),
        },
      ];
    }),
  };
}

export function assignItems(
  ctx: AppContext,
  itemIds: number[],
  moderatorId: number | null,
): number {
  return ctx.sqlite
    .transaction(() => {
      if (moderatorId !== null) {
        const user = ctx.sqlite
          .prepare('SELECT role, active FROM users WHERE id = ?')
          .get(moderatorId) as { role: string; active: number } | undefined;
        if (!user || !user.active)
          throw new DomainError('not_found', 'That moderator is not an active user.');
        if (user.role === 'read_only')
          throw new DomainError('refused', 'A read-only user cannot be given moderation work.');
      }
      const update = ctx.sqlite.prepare(
        'UPDATE sampling_plan_items SET assigned_to = ? WHERE id = ? AND removed_at IS NULL',
      );
      let n = 0;
      for (const id of itemIds) n += update.run(moderatorId, id).changes;
      writeAudit(
        ctx,
        {
          action: 'moderation.assign',
          entity: 'sampling_plan_item',
          after: { itemIds: itemIds.slice(0, 1000), count: n, moderatorId },
        },
        currentActor(ctx),
      );
      return n;
    })
    .immediate();
}

/** Assigns every item matching a filter ("assign all 1,234 shown"), refusing above `max`. */
export function assignMatching(
  ctx: AppContext,
  filter: QueueFilter,
  moderatorId: number | null,
  max: number,
): number {
  const w = queueWhere(filter);
  const ids = ctx.sqlite
    .prepare(`SELECT i.id FROM sampling_plan_items i WHERE ${w.sql} ORDER BY i.id LIMIT ?`)
    .pluck()
    .all(...w.params, max + 1) as number[];
  if (ids.length > max)
    throw new DomainError(
      'refused',
      `More than ${max.toLocaleString('en-GB')} items match; narrow the filter first.`,
    );
  return ids.length ? assignItems(ctx, ids, moderatorId) : 0;
}
