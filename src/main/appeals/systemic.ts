/**
 * When an outcome reveals a failure in the assessment process (Ofqual condition I): find other
 * decisions that may share it (same assessor, method, standard version and period; or the same
 * moderator), keep a remediation list with actions, and report progress.
 */
import type { SystemicDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { requireLead } from '../users/service';
import { readAppeal } from './service';
import { AppealsPolicySchema } from '@shared/appeals';

interface Candidate {
  decisionId: number;
  decisionRef: string | null;
  method: string;
  attempt: number;
  grade: string;
  assessmentDate: string;
  assessorRef: string;
  assessorName: string;
  uln: string;
  why: string;
}

export function systemicView(ctx: AppContext, appealId: number): SystemicDto {
  const row = readAppeal(ctx, appealId);
  const policy = AppealsPolicySchema.parse(JSON.parse(row.policyJson));
  const window = policy.systemicWindowDays;
  const candidates = new Map<number, SystemicDto['candidates'][number]>();
  const onList = new Set(
    ctx.sqlite
      .prepare('SELECT decision_id FROM appeal_remediation WHERE appeal_id = ?')
      .pluck()
      .all(appealId) as number[],
  );
  if (row.systemicFailure === 1) {
    const found = ctx.sqlite
      .prepare(
        `WITH appealed AS (
           SELECT d.id, d.assessor_id, d.method_id, e.standard_version_id AS version_id, d.assessment_date
           FROM appeal_decisions ad JOIN decisions d ON d.id = ad.decision_id JOIN epas e ON e.id = d.epa_id
           WHERE ad.appeal_id = @appealId),
         moderators AS (
           SELECT DISTINCT r.moderator_name AS name, x.assessment_date AS around
           FROM moderation_records r JOIN appealed x ON x.id = r.decision_id)
         SELECT d.id AS decisionId, d.decision_ref AS decisionRef, m.code AS method, d.attempt, d.grade,
           d.assessment_date AS assessmentDate, a.ref AS assessorRef, a.name AS assessorName, p.uln,
           'same assessor, method and standard version within ' || CAST(@window AS INTEGER) || ' days' AS why
         FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN appealed x
           ON x.assessor_id = d.assessor_id AND x.method_id = d.method_id AND x.version_id = e.standard_version_id
           AND julianday(d.assessment_date) BETWEEN julianday(x.assessment_date) - @window AND julianday(x.assessment_date) + @window
         JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
         JOIN apprentices p ON p.id = e.apprentice_id
         WHERE d.id NOT IN (SELECT id FROM appealed)
         UNION ALL
         SELECT d.id, d.decision_ref, m.code, d.attempt, d.grade, d.assessment_date, a.ref, a.name, p.uln,
           'moderated by ' || r.moderator_name || ' within ' || CAST(@window AS INTEGER) || ' days'
         FROM moderation_records r JOIN moderators mo ON mo.name = r.moderator_name
         JOIN decisions d ON d.id = r.decision_id
           AND julianday(d.assessment_date) BETWEEN julianday(mo.around) - @window AND julianday(mo.around) + @window
         JOIN epas e ON e.id = d.epa_id
         JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
         JOIN apprentices p ON p.id = e.apprentice_id
         WHERE d.id NOT IN (SELECT id FROM appealed)
         ORDER BY 10 DESC, 6, 1`,
      )
      .all({ appealId, window }) as Candidate[];
    for (const c of found) {
      const existing = candidates.get(c.decisionId);
      if (existing) {
        if (!existing.why.includes(c.why)) existing.why.push(c.why);
        continue;
      }
      const { why, ...rest } = c;
      candidates.set(c.decisionId, { ...rest, why: [why], onList: onList.has(c.decisionId) });
    }
  }
  const remediation = ctx.sqlite
    .prepare(
      `SELECT x.id, x.decision_id AS decisionId, d.decision_ref AS decisionRef, p.uln, m.code AS method, x.action,
         x.status, x.note, x.added_by AS addedBy, x.done_at AS doneAt
       FROM appeal_remediation x JOIN decisions d ON d.id = x.decision_id JOIN epas e ON e.id = d.epa_id
       JOIN apprentices p ON p.id = e.apprentice_id JOIN assessment_methods m ON m.id = d.method_id
       WHERE x.appeal_id = ? ORDER BY x.id`,
    )
    .all(appealId) as SystemicDto['remediation'];
  return {
    appealId,
    systemicFailure: row.systemicFailure === 1,
    candidates: [...candidates.values()],
    remediation,
    progress: {
      done: remediation.filter((r) => r.status === 'done').length,
      total: remediation.length,
    },
  };
}

export function addRemediation(
  ctx: AppContext,
  input: { appealId: number; decisionIds: number[]; action: string },
): SystemicDto {
  requireLead(ctx);
  ctx.sqlite
    .transaction(() => {
      const row = readAppeal(ctx, input.appealId);
      if (row.systemicFailure !== 1)
        throw new DomainError(
          'refused',
          `${row.ref} was not marked as revealing a failure in the assessment process.`,
        );
      const actor = currentActor(ctx);
      const insert = ctx.sqlite.prepare(
        `INSERT INTO appeal_remediation (appeal_id, decision_id, action, added_by, added_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (appeal_id, decision_id) DO UPDATE SET action = excluded.action`,
      );
      for (const id of new Set(input.decisionIds)) {
        const exists = ctx.sqlite.prepare('SELECT 1 FROM decisions WHERE id = ?').get(id);
        if (!exists) throw new DomainError('not_found', `Decision ${id} does not exist.`);
        insert.run(row.id, id, input.action, actor.name, ctx.clock().toISOString());
      }
      writeAudit(
        ctx,
        {
          action: 'appeal.remediation-add',
          entity: 'appeal',
          entityId: row.id,
          after: { decisionIds: input.decisionIds, note: input.action },
        },
        actor,
      );
    })
    .immediate();
  return systemicView(ctx, input.appealId);
}

export function updateRemediation(
  ctx: AppContext,
  input: { remediationId: number; status: 'open' | 'done'; note?: string | undefined },
): SystemicDto {
  requireLead(ctx);
  const appealId = ctx.sqlite
    .transaction(() => {
      const item = ctx.sqlite
        .prepare('SELECT appeal_id AS appealId, status, note FROM appeal_remediation WHERE id = ?')
        .get(input.remediationId) as
        { appealId: number; status: string; note: string | null } | undefined;
      if (!item)
        throw new DomainError(
          'not_found',
          `Remediation item ${input.remediationId} does not exist.`,
        );
      const actor = currentActor(ctx);
      const done = input.status === 'done';
      ctx.sqlite
        .prepare(
          'UPDATE appeal_remediation SET status = ?, note = coalesce(?, note), done_by = ?, done_at = ? WHERE id = ?',
        )
        .run(
          input.status,
          input.note ?? null,
          done ? actor.name : null,
          done ? ctx.clock().toISOString() : null,
          input.remediationId,
        );
      writeAudit(
        ctx,
        {
          action: 'appeal.remediation-update',
          entity: 'appeal',
          entityId: item.appealId,
          before: { remediationId: input.remediationId, status: item.status },
          after: {
            remediationId: input.remediationId,
            status: input.status,
            note: input.note ?? null,
          },
        },
        actor,
      );
      return item.appealId;
    })
    .immediate();
  return systemicView(ctx, appealId);
}
