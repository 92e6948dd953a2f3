/**
 * Sample-marking exercises at an event: evidence items with the agreed grade (and, optionally,
 * the agreed criterion judgements), and each attendee's grades and judgements.
 */
import { covers, readCoverageJson } from '@shared/standardisation';
import type {
  EventDetailDto,
  ExerciseDetailDto,
  ParsedInputOf,
  VersionChoiceDto,
} from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { deleteAttachmentsOf } from '../attachments/service';
import { requireEditor } from '../users/service';
import { getEvent } from './events';
import { loadExercise } from './exercise-results';
import { versionChoice } from './versions';

function criteriaCodes(version: VersionChoiceDto, methodCode: string | null): Set<string> {
  const methods = version.methods.filter((m) => methodCode === null || m.code === methodCode);
  return new Set(methods.flatMap((m) => m.criteria.map((c) => c.code)));
}

function checkJudgements(
  version: VersionChoiceDto,
  methodCode: string | null,
  judgements: Record<string, string>,
  where: string,
): void {
  const known = criteriaCodes(version, methodCode);
  const unknown = Object.keys(judgements).filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new DomainError(
      'validation',
      `${where}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a criterion' : 'are not criteria'} of ${version.name}${methodCode ? ` ${methodCode}` : ''}.`,
    );
}

export function saveExercise(
  ctx: AppContext,
  input: ParsedInputOf<'standardisation:save-exercise'>,
): ExerciseDetailDto {
  requireEditor(ctx);
  const event = ctx.sqlite
    .prepare(
      'SELECT id, event_date AS date, standards_json AS json FROM standardisation_events WHERE id = ?',
    )
    .get(input.eventId) as { id: number; date: string; json: string } | undefined;
  if (!event)
    throw new DomainError('not_found', `Standardisation event ${input.eventId} does not exist.`);
  const version = versionChoice(ctx, input.standardVersionId);
  if (!covers(readCoverageJson(event.json), { code: version.code, version: version.version }))
    throw new DomainError(
      'refused',
      `This event is not recorded as covering ${version.name}; add it to the event’s standards first.`,
    );
  const labels = new Set<string>();
  for (const item of input.items) {
    const key = item.label.trim().toLowerCase();
    if (labels.has(key))
      throw new DomainError('validation', `Two items are labelled “${item.label}”.`);
    labels.add(key);
    if (!version.grades.includes(item.agreedGrade))
      throw new DomainError(
        'validation',
        `${item.label}: “${item.agreedGrade}” is not a grade of ${version.name} (${version.grades.join(', ')}).`,
      );
    if (item.methodCode !== null && !version.methods.some((m) => m.code === item.methodCode))
      throw new DomainError(
        'validation',
        `${item.label}: ${version.name} has no method ${item.methodCode}.`,
      );
    checkJudgements(version, item.methodCode, item.agreedCriteria, item.label);
  }

  let before: ExerciseDetailDto | null = null;
  if (input.exerciseId !== undefined) {
    before = loadExercise(ctx, input.exerciseId);
    if (before.eventId !== input.eventId)
      throw new DomainError('refused', 'That exercise belongs to another event.');
    if (before.version.standardVersionId !== version.standardVersionId && before.marks.length > 0)
      throw new DomainError(
        'refused',
        `Grades are already recorded against ${before.version.name}; the exercise’s standard version cannot change.`,
      );
    const ownIds = new Set(before.items.map((i) => i.id));
    const foreign = input.items.find((i) => i.id !== undefined && !ownIds.has(i.id));
    if (foreign)
      throw new DomainError('refused', `Item ${foreign.id} belongs to another exercise.`);
  }

  const id = ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      let exerciseId = input.exerciseId;
      if (exerciseId === undefined) {
        exerciseId = Number(
          ctx.sqlite
            .prepare(
              `INSERT INTO standardisation_exercises (event_id, title, standard_version_id, instructions, created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?)`,
            )
            .run(
              input.eventId,
              input.title,
              version.standardVersionId,
              input.instructions,
              actor.name,
              ctx.clock().toISOString(),
            ).lastInsertRowid,
        );
      } else {
        ctx.sqlite
          .prepare(
            'UPDATE standardisation_exercises SET title = ?, standard_version_id = ?, instructions = ? WHERE id = ?',
          )
          .run(input.title, version.standardVersionId, input.instructions, exerciseId);
      }
      const keep = new Set(input.items.flatMap((i) => (i.id === undefined ? [] : [i.id])));
      const dropped = (before?.items ?? []).filter((i) => !keep.has(i.id)).map((i) => i.id);
      deleteAttachmentsOf(ctx, 'exercise_item', dropped);
      const remove = ctx.sqlite.prepare('DELETE FROM standardisation_exercise_items WHERE id = ?');
      for (const itemId of dropped) remove.run(itemId);
      // Labels are unique per exercise: park kept items under temporary labels while reordering.
      ctx.sqlite
        .prepare(
          'UPDATE standardisation_exercise_items SET label = char(1) || id WHERE exercise_id = ?',
        )
        .run(exerciseId);
      const insert = ctx.sqlite.prepare(
        `INSERT INTO standardisation_exercise_items (exercise_id, position, label, method_code, description, agreed_grade, agreed_criteria_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const update = ctx.sqlite.prepare(
        `UPDATE standardisation_exercise_items SET position = ?, label = ?, method_code = ?, description = ?,
           agreed_grade = ?, agreed_criteria_json = ? WHERE id = ?`,
      );
      input.items.forEach((item, position) => {
        const criteria = JSON.stringify(item.agreedCriteria);
        if (item.id === undefined)
          insert.run(
            exerciseId,
            position,
            item.label,
            item.methodCode,
            item.description,
            item.agreedGrade,
            criteria,
          );
        else
          update.run(
            position,
            item.label,
            item.methodCode,
            item.description,
            item.agreedGrade,
            criteria,
            item.id,
          );
      });
      writeAudit(
        ctx,
        {
          action: before ? 'standardisation.exercise-update' : 'standardisation.exercise-create',
          entity: 'standardisation_exercise',
          entityId: exerciseId,
          before: before
            ? { title: before.title, version: before.version.name, items: before.items }
            : undefined,
          after: {
            title: input.title,
            version: version.name,
            items: input.items,
            itemsRemoved: dropped,
          },
        },
        actor,
      );
      return exerciseId;
    })
    .immediate();
  return loadExercise(ctx, id);
}

export function deleteExercise(ctx: AppContext, exerciseId: number): EventDetailDto {
  requireEditor(ctx);
  const before = loadExercise(ctx, exerciseId);
  ctx.sqlite
    .transaction(() => {
      deleteAttachmentsOf(
        ctx,
        'exercise_item',
        before.items.map((i) => i.id),
      );
      ctx.sqlite.prepare('DELETE FROM standardisation_exercises WHERE id = ?').run(exerciseId);
      writeAudit(ctx, {
        action: 'standardisation.exercise-delete',
        entity: 'standardisation_exercise',
        entityId: exerciseId,
        before: {
          title: before.title,
          version: before.version.name,
          items: before.items,
          marks: before.marks,
        },
      });
    })
    .immediate();
  return getEvent(ctx, before.eventId);
}

export function recordMarks(
  ctx: AppContext,
  input: ParsedInputOf<'standardisation:record-marks'>,
): ExerciseDetailDto {
  requireEditor(ctx);
  const ex = loadExercise(ctx, input.exerciseId);
  const attendee = ex.attendees.find((a) => a.assessorId === input.assessorId);
  if (!attendee) {
    const who = ctx.sqlite
      .prepare('SELECT name, ref FROM assessors WHERE id = ?')
      .get(input.assessorId) as { name: string; ref: string } | undefined;
    if (!who) throw new DomainError('not_found', `Assessor ${input.assessorId} does not exist.`);
    throw new DomainError(
      'refused',
      `${who.name} (${who.ref}) is not recorded as attending this event; record their attendance first.`,
    );
  }
  const items = new Map(ex.items.map((i) => [i.id, i]));
  const seen = new Set<number>();
  for (const m of input.marks) {
    const item = items.get(m.itemId);
    if (!item) throw new DomainError('refused', `Item ${m.itemId} is not part of this exercise.`);
    if (seen.has(m.itemId)) throw new DomainError('validation', `${item.label} is graded twice.`);
    seen.add(m.itemId);
    if (!ex.version.grades.includes(m.grade))
      throw new DomainError(
        'validation',
        `${item.label}: “${m.grade}” is not a grade of ${ex.version.name} (${ex.version.grades.join(', ')}).`,
      );
    checkJudgements(ex.version, item.methodCode, m.criteria, item.label);
  }
  const before = ex.marks.filter((m) => m.assessorId === input.assessorId);
  ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      const upsert = ctx.sqlite.prepare(
        `INSERT INTO standardisation_exercise_marks (item_id, assessor_id, grade, criteria_json, note, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (item_id, assessor_id) DO UPDATE SET grade = excluded.grade, criteria_json = excluded.criteria_json,
           note = excluded.note, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
      );
      const at = ctx.clock().toISOString();
      for (const m of input.marks)
        upsert.run(
          m.itemId,
          input.assessorId,
          m.grade,
          JSON.stringify(m.criteria),
          m.note,
          actor.name,
          at,
        );
      writeAudit(
        ctx,
        {
          action: 'standardisation.exercise-marks',
          entity: 'standardisation_exercise',
          entityId: input.exerciseId,
          before: { assessorId: input.assessorId, marks: before },
          after: { assessorId: input.assessorId, marks: input.marks },
        },
        actor,
      );
    })
    .immediate();
  return loadExercise(ctx, input.exerciseId);
}
