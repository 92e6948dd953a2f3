/** The moderation queue: sampled decisions in published plans, filtered and sorted in SQL. */
import type { QueueFilter, QueueRowDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';

const DONE = `EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id AND coalesce(r.outcome, '') <> 'referred_back')`;

const SORTS: Record<string, string> = {
  date: 'd.assessment_date',
  assessor: 'a.ref',
  method: 'm.code',
  grade: 'd.grade',
  due: "coalesce(i.due_date, '9999-12-31')",
  status: DONE,
};

function where(filter: QueueFilter): { sql: string; params: (string | number)[] } {
  const parts = ["sp.status = 'published'", 'i.removed_at IS NULL'];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number): void => {
    parts.push(clause);
    params.push(value);
  };
  if (filter.assessorRef) add('a.ref = ?', filter.assessorRef);
  if (filter.method) add('m.code = ?', filter.method);
  if (filter.grade) add('d.grade = ?', filter.grade);
  if (filter.reason) add("i.reasons_json LIKE '%' || ? || '%'", filter.reason);
  if (filter.dueBefore) add('i.due_date <= ?', filter.dueBefore);
  if (filter.planId) add('i.plan_id = ?', filter.planId);
  if (filter.moderator === 'unassigned') parts.push('i.assigned_to IS NULL');
  else if (filter.moderator) add('i.assigned_to = ?', filter.moderator);
  if (filter.status === 'to_do') parts.push(`NOT ${DONE}`);
  if (filter.status === 'done') parts.push(DONE);
  return { sql: parts.join(' AND '), params };
}

const FROM = `FROM sampling_plan_items i
  JOIN sampling_plans sp ON sp.id = i.plan_id
  JOIN decisions d ON d.id = i.decision_id
  JOIN assessors a ON a.id = i.assessor_id
  JOIN assessment_methods m ON m.id = d.method_id`;

export function listQueue(
  ctx: AppContext,
  input: {
    filter: QueueFilter;
    sort: { by: string; dir: 'asc' | 'desc' };
    offset: number;
    limit: number;
  },
): { rows: QueueRowDto[]; total: number } {
  const w = where(input.filter);
  const total = ctx.sqlite
    .prepare(`SELECT count(*) ${FROM} WHERE ${w.sql}`)
    .pluck()
    .get(...w.params) as number;
  const order = `${SORTS[input.sort.by] ?? SORTS.date} ${input.sort.dir === 'desc' ? 'DESC' : 'ASC'}, i.id`;
  const rows = ctx.sqlite
    .prepare(
      `SELECT i.id AS itemId, i.plan_id AS planId, d.id AS decisionId, d.decision_ref AS decisionRef, p.uln,
         trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')) AS apprentice,
         a.ref AS assessorRef, m.code AS method, d.attempt, d.grade, d.assessment_date AS assessmentDate,
         i.due_date AS dueDate, i.reasons_json AS reasons, u.name AS moderator,
         ${DONE} AS done,
         (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id ORDER BY r.id DESC LIMIT 1) AS moderatedGrade
       ${FROM}
       JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN users u ON u.id = i.assigned_to
       WHERE ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...w.params, input.limit, input.offset) as (Omit<QueueRowDto, 'reasons' | 'status'> & {
    reasons: string;
    done: number;
  })[];
  return {
    total,
    rows: rows.map(({ done, reasons, ...r }) => ({
      ...r,
      reasons: JSON.parse(reasons) as string[],
      status: done ? ('done' as const) : ('to_do' as const),
    })),
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
