/** Reads a sample-marking exercise with its items, marks and agreement figures. */
import { exerciseResults, type Judgements } from '@shared/standardisation';
import type { ExerciseDetailDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { listAttachments } from '../attachments/service';
import { currentPolicy } from './policy';
import { versionChoice } from './versions';

function parseJudgements(json: string): Judgements {
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v === 'met' || v === 'not_met'),
    ) as Judgements;
  } catch {
    return {};
  }
}

/** Assessors recorded as attending the event: only they take part in its exercises. */
export function eventAttendees(
  ctx: AppContext,
  eventId: number,
): { assessorId: number; ref: string; name: string }[] {
  return ctx.sqlite
    .prepare(
      `SELECT a.id AS assessorId, a.ref, a.name FROM standardisation_attendance t
       JOIN assessors a ON a.id = t.assessor_id
       WHERE t.event_id = ? AND t.attendance = 'attended' ORDER BY a.ref`,
    )
    .all(eventId) as { assessorId: number; ref: string; name: string }[];
}

export function loadExercise(ctx: AppContext, exerciseId: number): ExerciseDetailDto {
  const ex = ctx.sqlite
    .prepare(
      `SELECT x.id, x.event_id AS eventId, x.title, x.instructions, x.standard_version_id AS versionId,
         e.event_date AS eventDate, e.title AS eventTitle
       FROM standardisation_exercises x JOIN standardisation_events e ON e.id = x.event_id
       WHERE x.id = ?`,
    )
    .get(exerciseId) as
    | {
        id: number;
        eventId: number;
        title: string;
        instructions: string | null;
        versionId: number;
        eventDate: string;
        eventTitle: string;
      }
    | undefined;
  if (!ex) throw new DomainError('not_found', `Exercise ${exerciseId} does not exist.`);
  const version = versionChoice(ctx, ex.versionId);
  const itemRows = ctx.sqlite
    .prepare(
      `SELECT id, label, method_code AS methodCode, description, agreed_grade AS agreedGrade,
         agreed_criteria_json AS criteria
       FROM standardisation_exercise_items WHERE exercise_id = ? ORDER BY position, id`,
    )
    .all(exerciseId) as {
    id: number;
    label: string;
    methodCode: string | null;
    description: string | null;
    agreedGrade: string;
    criteria: string;
  }[];
  const files = listAttachments(
    ctx,
    'exercise_item',
    itemRows.map((i) => i.id),
  );
  const items = itemRows.map(({ criteria, ...i }) => ({
    ...i,
    agreedCriteria: parseJudgements(criteria),
    attachments: files.filter((f) => f.ownerId === i.id),
  }));
  const marks = (
    ctx.sqlite
      .prepare(
        `SELECT m.item_id AS itemId, m.assessor_id AS assessorId, m.grade, m.criteria_json AS criteria, m.note
         FROM standardisation_exercise_marks m JOIN standardisation_exercise_items i ON i.id = m.item_id
         WHERE i.exercise_id = ? ORDER BY m.assessor_id, i.position`,
      )
      .all(exerciseId) as {
      itemId: number;
      assessorId: number;
      grade: string;
      criteria: string;
      note: string | null;
    }[]
  ).map(({ criteria, ...m }) => ({ ...m, criteria: parseJudgements(criteria) }));
  const attendees = eventAttendees(ctx, ex.eventId);
  return {
    id: ex.id,
    eventId: ex.eventId,
    eventDate: ex.eventDate,
    eventTitle: ex.eventTitle,
    title: ex.title,
    instructions: ex.instructions,
    version,
    items,
    attendees,
    marks,
    results: exerciseResults(version.grades, items, marks, attendees, currentPolicy(ctx)),
  };
}

export function exerciseSummaries(
  ctx: AppContext,
  eventId: number,
): {
  id: number;
  title: string;
  standard: string;
  items: number;
  markers: number;
  followUp: number;
}[] {
  const ids = ctx.sqlite
    .prepare('SELECT id FROM standardisation_exercises WHERE event_id = ? ORDER BY id')
    .pluck()
    .all(eventId) as number[];
  return ids.map((id) => {
    const x = loadExercise(ctx, id);
    return {
      id,
      title: x.title,
      standard: x.version.name,
      items: x.items.length,
      markers: x.results.group.participants,
      followUp: x.results.group.followUp,
    };
  });
}
