/**
 * Changes to the register: profiles, dated status changes, approvals, declared conflicts and the
 * CPD log. Anything that can change whether an assessor was eligible on a date recomputes their
 * decisions' compliance flags in the same transaction as the change and its audit entry.
 * Appointing assessors (profile, status, approvals) is for an IQA lead; conflicts and CPD can be
 * recorded by any editor.
 */
import { statusOn } from '@shared/standardisation';
import type { AssessorProfileDto, ParsedInputOf } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { deleteAttachmentsOf } from '../attachments/service';
import { recomputeFlags } from '../standardisation/flags';
import { loadAssessorFacts } from '../standardisation/records';
import { requireEditor, requireLead } from '../users/service';
import { assessorProfile } from './register';

const PROFILE_COLUMNS = `id, ref, name, email, start_date AS startDate, qualification_status AS qualificationStatus,
  qualification_name AS qualificationName, qualification_expected_by AS qualificationExpectedBy,
  qualification_achieved_on AS qualificationAchievedOn, qualification_note AS qualificationNote,
  competence_since AS competenceSince, competence_evidence AS competenceEvidence,
  sector_experience AS sectorExperience`;

function requireAssessor(ctx: AppContext, assessorId: number): Record<string, unknown> {
  const row = ctx.sqlite
    .prepare(`SELECT ${PROFILE_COLUMNS} FROM assessors WHERE id = ?`)
    .get(assessorId) as Record<string, unknown> | undefined;
  if (!row) throw new DomainError('not_found', `Assessor ${assessorId} does not exist.`);
  return row;
}

function notAfterToday(ctx: AppContext, date: string | null, what: string): void {
  if (date !== null && date > today(ctx))
    throw new DomainError('validation', `${what} cannot be after today.`);
}

export function saveAssessor(
  ctx: AppContext,
  input: ParsedInputOf<'assessors:save'>,
): AssessorProfileDto {
  requireLead(ctx);
  notAfterToday(ctx, input.competenceSince, 'Occupational competence since');
  notAfterToday(ctx, input.qualificationAchievedOn, 'The date the qualification was achieved');
  const clash = ctx.sqlite
    .prepare('SELECT id FROM assessors WHERE lower(ref) = lower(?) AND id <> ?')
    .get(input.ref, input.assessorId ?? -1);
  if (clash)
    throw new DomainError('conflict', `Another assessor already has the reference ${input.ref}.`);
  const values = [
    input.ref,
    input.name,
    input.email,
    input.startDate,
    input.qualificationStatus,
    input.qualificationName,
    input.qualificationExpectedBy,
    input.qualificationAchievedOn,
    input.qualificationNote,
    input.competenceSince,
    input.competenceEvidence,
    input.sectorExperience,
  ];
  const { assessorId: _id, ...after } = input;
  const id = ctx.sqlite
    .transaction(() => {
      if (input.assessorId === undefined) {
        const id = Number(
          ctx.sqlite
            .prepare(
              `INSERT INTO assessors (ref, name, email, start_date, qualification_status, qualification_name,
                 qualification_expected_by, qualification_achieved_on, qualification_note, competence_since,
                 competence_evidence, sector_experience, status, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)`,
            )
            .run(...values, ctx.clock().toISOString()).lastInsertRowid,
        );
        writeAudit(ctx, { action: 'assessor.create', entity: 'assessor', entityId: id, after });
        return id;
      }
      const before = requireAssessor(ctx, input.assessorId);
      ctx.sqlite
        .prepare(
          `UPDATE assessors SET ref = ?, name = ?, email = ?, start_date = ?, qualification_status = ?,
             qualification_name = ?, qualification_expected_by = ?, qualification_achieved_on = ?,
             qualification_note = ?, competence_since = ?, competence_evidence = ?, sector_experience = ?,
             updated_at = ?
           WHERE id = ?`,
        )
        .run(...values, ctx.clock().toISOString(), input.assessorId);
      const flags = recomputeFlags(ctx, { assessorIds: [input.assessorId] });
      writeAudit(ctx, {
        action: 'assessor.update',
        entity: 'assessor',
        entityId: input.assessorId,
        before,
        after: { ...after, flags },
      });
      return input.assessorId;
    })
    .immediate();
  return assessorProfile(ctx, id);
}

export function setAssessorStatus(
  ctx: AppContext,
  input: ParsedInputOf<'assessors:set-status'>,
): AssessorProfileDto {
  requireLead(ctx);
  const before = requireAssessor(ctx, input.assessorId);
  // The status column other screens read must be right today, so no future-dated changes.
  notAfterToday(ctx, input.effectiveFrom, 'A status change');
  const start = before.startDate as string | null;
  if (start && input.effectiveFrom < start)
    throw new DomainError(
      'validation',
      `The assessor started on ${start}; a status change cannot be earlier.`,
    );
  ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          `INSERT INTO assessor_status_changes (assessor_id, status, effective_from, note, recorded_by, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.assessorId,
          input.status,
          input.effectiveFrom,
          input.note,
          actor.name,
          ctx.clock().toISOString(),
        );
      const facts = loadAssessorFacts(ctx, [input.assessorId]).get(input.assessorId);
      const now = facts ? statusOn(facts.record, today(ctx)).status : input.status;
      ctx.sqlite
        .prepare('UPDATE assessors SET status = ?, updated_at = ? WHERE id = ?')
        .run(now, ctx.clock().toISOString(), input.assessorId);
      const flags = recomputeFlags(ctx, { assessorIds: [input.assessorId] });
      writeAudit(
        ctx,
        {
          action: 'assessor.status',
          entity: 'assessor',
          entityId: input.assessorId,
          after: {
            status: input.status,
            effectiveFrom: input.effectiveFrom,
            note: input.note,
            current: now,
            flags,
          },
        },
        actor,
      );
    })
    .immediate();
  return assessorProfile(ctx, input.assessorId);
}

export function setApprovals(
  ctx: AppContext,
  input: ParsedInputOf<'assessors:set-approvals'>,
): AssessorProfileDto {
  requireLead(ctx);
  requireAssessor(ctx, input.assessorId);
  const seen = new Set<number>();
  for (const a of input.approvals) {
    if (seen.has(a.standardVersionId))
      throw new DomainError('validation', 'Each standard version can be approved once.');
    seen.add(a.standardVersionId);
    if (
      !ctx.sqlite.prepare('SELECT 1 FROM standard_versions WHERE id = ?').get(a.standardVersionId)
    )
      throw new DomainError('not_found', `Standard version ${a.standardVersionId} is not loaded.`);
    if (a.approvedFrom && a.approvedTo && a.approvedTo < a.approvedFrom)
      throw new DomainError('validation', 'An approval cannot end before it starts.');
  }
  const before = assessorProfile(ctx, input.assessorId).approvals;
  ctx.sqlite
    .transaction(() => {
      ctx.sqlite
        .prepare(
          `DELETE FROM assessor_approvals WHERE assessor_id = ?
             AND standard_version_id NOT IN (SELECT value FROM json_each(?))`,
        )
        .run(input.assessorId, JSON.stringify([...seen]));
      const upsert = ctx.sqlite.prepare(
        `INSERT INTO assessor_approvals (assessor_id, standard_version_id, approved_from, approved_to, note, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (assessor_id, standard_version_id) DO UPDATE SET approved_from = excluded.approved_from,
           approved_to = excluded.approved_to, note = excluded.note`,
      );
      for (const a of input.approvals)
        upsert.run(
          input.assessorId,
          a.standardVersionId,
          a.approvedFrom,
          a.approvedTo,
          a.note,
          ctx.clock().toISOString(),
        );
      const flags = recomputeFlags(ctx, { assessorIds: [input.assessorId] });
      writeAudit(ctx, {
        action: 'assessor.approvals',
        entity: 'assessor',
        entityId: input.assessorId,
        before,
        after: { approvals: input.approvals, flags },
      });
    })
    .immediate();
  return assessorProfile(ctx, input.assessorId);
}

export function saveConflict(
  ctx: AppContext,
  input: ParsedInputOf<'assessors:save-conflict'>,
): AssessorProfileDto {
  requireEditor(ctx);
  requireAssessor(ctx, input.assessorId);
  if (input.declaredOn && input.endedOn && input.endedOn < input.declaredOn)
    throw new DomainError('validation', 'A conflict cannot end before it was declared.');
  if (input.partyType === 'provider' && !/^1\d{7}$/.test(input.partyRef))
    throw new DomainError(
      'validation',
      'Record a training provider by its UKPRN: 8 digits starting with 1.',
    );
  if (input.partyType === 'apprentice' && !/^\d{10}$/.test(input.partyRef))
    throw new DomainError('validation', 'Record an apprentice by their ULN: 10 digits.');
  ctx.sqlite
    .transaction(() => {
      let before: unknown;
      let id = input.conflictId;
      if (id === undefined) {
        id = Number(
          ctx.sqlite
            .prepare(
              `INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on, ended_on, note, created_at)
               VALUES ('assessor', ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              input.assessorId,
              input.partyType,
              input.partyRef,
              input.declaredOn,
              input.endedOn,
              input.note,
              ctx.clock().toISOString(),
            ).lastInsertRowid,
        );
      } else {
        before = ctx.sqlite
          .prepare(
            "SELECT party_type, party_ref, declared_on, ended_on, note FROM conflicts WHERE id = ? AND subject_type = 'assessor' AND subject_id = ?",
          )
          .get(id, input.assessorId);
        if (!before)
          throw new DomainError('not_found', 'That conflict is not recorded for this assessor.');
        ctx.sqlite
          .prepare(
            'UPDATE conflicts SET party_type = ?, party_ref = ?, declared_on = ?, ended_on = ?, note = ? WHERE id = ?',
          )
          .run(input.partyType, input.partyRef, input.declaredOn, input.endedOn, input.note, id);
      }
      const flags = recomputeFlags(ctx, { assessorIds: [input.assessorId] });
      writeAudit(ctx, {
        action: before ? 'conflict.update' : 'conflict.declare',
        entity: 'assessor',
        entityId: input.assessorId,
        before,
        after: { conflictId: id, ...input, flags },
      });
    })
    .immediate();
  return assessorProfile(ctx, input.assessorId);
}

export function saveCpd(
  ctx: AppContext,
  input: ParsedInputOf<'assessors:save-cpd'>,
): AssessorProfileDto {
  requireEditor(ctx);
  requireAssessor(ctx, input.assessorId);
  notAfterToday(ctx, input.activityDate, 'A CPD activity');
  ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      if (input.cpdId === undefined) {
        const id = Number(
          ctx.sqlite
            .prepare(
              `INSERT INTO assessor_cpd (assessor_id, activity_date, activity, hours, notes, created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              input.assessorId,
              input.activityDate,
              input.activity,
              input.hours,
              input.notes,
              actor.name,
              ctx.clock().toISOString(),
            ).lastInsertRowid,
        );
        writeAudit(
          ctx,
          {
            action: 'cpd.add',
            entity: 'assessor',
            entityId: input.assessorId,
            after: { id, ...input },
          },
          actor,
        );
        return;
      }
      const before = ctx.sqlite
        .prepare(
          'SELECT activity_date, activity, hours, notes FROM assessor_cpd WHERE id = ? AND assessor_id = ?',
        )
        .get(input.cpdId, input.assessorId);
      if (!before)
        throw new DomainError('not_found', 'That CPD entry is not recorded for this assessor.');
      ctx.sqlite
        .prepare(
          'UPDATE assessor_cpd SET activity_date = ?, activity = ?, hours = ?, notes = ?, updated_at = ? WHERE id = ?',
        )
        .run(
          input.activityDate,
          input.activity,
          input.hours,
          input.notes,
          ctx.clock().toISOString(),
          input.cpdId,
        );
      writeAudit(
        ctx,
        {
          action: 'cpd.update',
          entity: 'assessor',
          entityId: input.assessorId,
          before,
          after: input,
        },
        actor,
      );
    })
    .immediate();
  return assessorProfile(ctx, input.assessorId);
}

export function removeCpd(ctx: AppContext, cpdId: number): AssessorProfileDto {
  requireEditor(ctx);
  const before = ctx.sqlite
    .prepare(
      'SELECT id, assessor_id AS assessorId, activity_date AS activityDate, activity, hours, notes FROM assessor_cpd WHERE id = ?',
    )
    .get(cpdId) as { assessorId: number } | undefined;
  if (!before) throw new DomainError('not_found', `CPD entry ${cpdId} does not exist.`);
  ctx.sqlite
    .transaction(() => {
      const files = deleteAttachmentsOf(ctx, 'cpd', [cpdId]);
      ctx.sqlite.prepare('DELETE FROM assessor_cpd WHERE id = ?').run(cpdId);
      writeAudit(ctx, {
        action: 'cpd.remove',
        entity: 'assessor',
        entityId: before.assessorId,
        before,
        after: { attachmentsRemoved: files },
      });
    })
    .immediate();
  return assessorProfile(ctx, before.assessorId);
}
