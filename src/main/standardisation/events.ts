/**
 * Standardisation events and attendance. Any change that can alter who was standardised when (an
 * event's date or coverage, attendance, deleting an event) recomputes the affected assessors'
 * compliance flags in the same transaction as the change and its audit entry.
 */
import { readCoverageJson, statusOn } from '@shared/standardisation';
import type { Attendance, EventDetailDto, EventSummaryDto, ParsedInputOf } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { deleteAttachmentsOf, listAttachments } from '../attachments/service';
import { requireEditor, requireLead } from '../users/service';
import { exerciseSummaries } from './exercise-results';
import { recomputeFlags } from './flags';
import { loadAssessorFacts } from './records';
import { normaliseCoverage } from './versions';

interface EventRow {
  id: number;
  date: string;
  title: string;
  standardsJson: string;
  format: 'in_person' | 'remote' | null;
  facilitator: string | null;
  agenda: string | null;
  notes: string | null;
  createdBy: string;
  attended: number;
  apologies: number;
  absent: number;
  exercises: number;
  files: number;
}

const SELECT_EVENTS = `SELECT e.id, e.event_date AS date, e.title, e.standards_json AS standardsJson, e.format,
    e.facilitator, e.agenda, e.notes, e.created_by AS createdBy,
    (SELECT count(*) FROM standardisation_attendance t WHERE t.event_id = e.id AND t.attendance = 'attended') AS attended,
    (SELECT count(*) FROM standardisation_attendance t WHERE t.event_id = e.id AND t.attendance = 'apologies') AS apologies,
    (SELECT count(*) FROM standardisation_attendance t WHERE t.event_id = e.id AND t.attendance = 'absent') AS absent,
    (SELECT count(*) FROM standardisation_exercises x WHERE x.event_id = e.id) AS exercises,
    (SELECT count(*) FROM attachments f WHERE f.owner_type = 'event' AND f.owner_id = e.id) AS files
  FROM standardisation_events e`;

function summary(r: EventRow): EventSummaryDto {
  return {
    id: r.id,
    date: r.date,
    title: r.title,
    standards: readCoverageJson(r.standardsJson).map((c) =>
      c.version ? `${c.code} v${c.version}` : c.code,
    ),
    format: r.format,
    facilitator: r.facilitator,
    attended: r.attended,
    apologies: r.apologies,
    absent: r.absent,
    exercises: r.exercises,
    files: r.files,
  };
}

export function listEvents(
  ctx: AppContext,
  input: { year?: number; from?: string; to?: string },
): { events: EventSummaryDto[]; years: number[] } {
  const from = input.from ?? (input.year ? `${input.year}-01-01` : '0000-01-01');
  const to = input.to ?? (input.year ? `${input.year}-12-31` : '9999-12-31');
  const rows = ctx.sqlite
    .prepare(
      `${SELECT_EVENTS} WHERE e.event_date BETWEEN ? AND ? ORDER BY e.event_date DESC, e.id DESC`,
    )
    .all(from, to) as EventRow[];
  const years = ctx.sqlite
    .prepare(
      `SELECT DISTINCT CAST(substr(event_date, 1, 4) AS INTEGER) FROM standardisation_events ORDER BY 1 DESC`,
    )
    .pluck()
    .all() as number[];
  return { events: rows.map(summary), years };
}

function eventRow(ctx: AppContext, eventId: number): EventRow {
  const row = ctx.sqlite.prepare(`${SELECT_EVENTS} WHERE e.id = ?`).get(eventId) as
    EventRow | undefined;
  if (!row) throw new DomainError('not_found', `Standardisation event ${eventId} does not exist.`);
  return row;
}

function attendanceRows(ctx: AppContext, eventId: number): EventDetailDto['attendance'] {
  return ctx.sqlite
    .prepare(
      `SELECT t.assessor_id AS assessorId, a.ref, a.name, t.attendance, t.note
       FROM standardisation_attendance t JOIN assessors a ON a.id = t.assessor_id
       WHERE t.event_id = ? ORDER BY a.ref`,
    )
    .all(eventId) as EventDetailDto['attendance'];
}

export function getEvent(ctx: AppContext, eventId: number): EventDetailDto {
  const row = eventRow(ctx, eventId);
  const attendance = attendanceRows(ctx, eventId);
  const recorded = new Set(attendance.map((a) => a.assessorId));
  const candidates = [...loadAssessorFacts(ctx, 'all').values()]
    .filter((f) => {
      if (recorded.has(f.id)) return true;
      const started = f.record.startDate === null || f.record.startDate <= row.date;
      return started && statusOn(f.record, row.date).status === 'active';
    })
    .map((f) => ({ assessorId: f.id, ref: f.ref, name: f.name }));
  return {
    ...summary(row),
    agenda: row.agenda,
    notes: row.notes,
    createdBy: row.createdBy,
    upcoming: row.date > today(ctx),
    attendance,
    candidates,
    exercises: exerciseSummaries(ctx, eventId),
    attachments: listAttachments(ctx, 'event', [eventId]),
  };
}

/** Assessors whose standardisation an event counts towards. */
function attendeeIds(ctx: AppContext, eventId: number): number[] {
  return ctx.sqlite
    .prepare(
      "SELECT assessor_id FROM standardisation_attendance WHERE event_id = ? AND attendance = 'attended'",
    )
    .pluck()
    .all(eventId) as number[];
}

export function saveEvent(
  ctx: AppContext,
  input: ParsedInputOf<'standardisation:save-event'>,
): EventDetailDto {
  requireEditor(ctx);
  const standards = normaliseCoverage(ctx, input.standards);
  const values = {
    date: input.date,
    title: input.title.trim(),
    standardsJson: JSON.stringify(standards),
    format: input.format ?? null,
    facilitator: input.facilitator ?? null,
    agenda: input.agenda ?? null,
    notes: input.notes ?? null,
  };
  const clash = ctx.sqlite
    .prepare('SELECT id FROM standardisation_events WHERE event_date = ? AND title = ? AND id <> ?')
    .get(values.date, values.title, input.eventId ?? -1);
  if (clash)
    throw new DomainError(
      'conflict',
      `There is already an event called “${values.title}” on ${values.date}.`,
    );
  const id = ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      if (input.eventId === undefined) {
        const id = Number(
          ctx.sqlite
            .prepare(
              `INSERT INTO standardisation_events (event_date, title, standards_json, format, facilitator, agenda, notes, created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              values.date,
              values.title,
              values.standardsJson,
              values.format,
              values.facilitator,
              values.agenda,
              values.notes,
              actor.name,
              ctx.clock().toISOString(),
            ).lastInsertRowid,
        );
        writeAudit(
          ctx,
          {
            action: 'standardisation.event-create',
            entity: 'standardisation_event',
            entityId: id,
            after: { ...values, standards },
          },
          actor,
        );
        return id;
      }
      const before = eventRow(ctx, input.eventId);
      ctx.sqlite
        .prepare(
          `UPDATE standardisation_events SET event_date = ?, title = ?, standards_json = ?, format = ?,
             facilitator = ?, agenda = ?, notes = ? WHERE id = ?`,
        )
        .run(
          values.date,
          values.title,
          values.standardsJson,
          values.format,
          values.facilitator,
          values.agenda,
          values.notes,
          input.eventId,
        );
      const counts =
        before.date !== values.date || before.standardsJson !== values.standardsJson
          ? recomputeFlags(ctx, { assessorIds: attendeeIds(ctx, input.eventId) })
          : null;
      writeAudit(
        ctx,
        {
          action: 'standardisation.event-update',
          entity: 'standardisation_event',
          entityId: input.eventId,
          before: summary(before),
          after: { ...values, standards, flags: counts },
        },
        actor,
      );
      return input.eventId;
    })
    .immediate();
  return getEvent(ctx, id);
}

/** Deletes an event with its attendance and exercises. Only an IQA lead may. */
export function deleteEvent(ctx: AppContext, eventId: number): { deleted: true } {
  requireLead(ctx);
  const { candidates: _candidates, ...before } = getEvent(ctx, eventId);
  ctx.sqlite
    .transaction(() => {
      const attendees = attendeeIds(ctx, eventId);
      const itemIds = ctx.sqlite
        .prepare(
          `SELECT i.id FROM standardisation_exercise_items i JOIN standardisation_exercises x ON x.id = i.exercise_id
           WHERE x.event_id = ?`,
        )
        .pluck()
        .all(eventId) as number[];
      deleteAttachmentsOf(ctx, 'exercise_item', itemIds);
      deleteAttachmentsOf(ctx, 'event', [eventId]);
      // Attendance, exercises, items and marks go by ON DELETE CASCADE.
      ctx.sqlite.prepare('DELETE FROM standardisation_events WHERE id = ?').run(eventId);
      const flags = recomputeFlags(ctx, { assessorIds: attendees });
      writeAudit(ctx, {
        action: 'standardisation.event-delete',
        entity: 'standardisation_event',
        entityId: eventId,
        before,
        after: { flags },
      });
    })
    .immediate();
  return { deleted: true };
}

export function setAttendance(
  ctx: AppContext,
  input: {
    eventId: number;
    entries: { assessorId: number; attendance: Attendance; note?: string | null }[];
  },
): EventDetailDto {
  requireEditor(ctx);
  const event = eventRow(ctx, input.eventId);
  const upcoming = event.date > today(ctx);
  const facts = loadAssessorFacts(
    ctx,
    input.entries.map((e) => e.assessorId),
  );
  const previous = new Map(attendanceRows(ctx, input.eventId).map((a) => [a.assessorId, a]));
  for (const entry of input.entries) {
    const f = facts.get(entry.assessorId);
    if (!f) throw new DomainError('not_found', `Assessor ${entry.assessorId} does not exist.`);
    if (upcoming && entry.attendance !== 'apologies')
      throw new DomainError(
        'refused',
        `The event is on ${event.date}, after today: record who attended or was absent on or after the day (apologies can be recorded now).`,
      );
    if (f.record.startDate && f.record.startDate > event.date)
      throw new DomainError(
        'refused',
        `${f.name} (${f.ref}) started with the EPAO on ${f.record.startDate}, after this event.`,
      );
    const was = previous.get(entry.assessorId);
    if (
      was?.attendance === 'attended' &&
      entry.attendance !== 'attended' &&
      hasMarks(ctx, input.eventId, entry.assessorId)
    )
      throw new DomainError(
        'refused',
        `${f.name} (${f.ref}) has grades in this event’s sample-marking exercises. Remove their attendance record to remove those grades too, or keep them as attended.`,
      );
  }
  ctx.sqlite
    .transaction(() => {
      const upsert = ctx.sqlite.prepare(
        `INSERT INTO standardisation_attendance (event_id, assessor_id, attendance, note) VALUES (?, ?, ?, ?)
         ON CONFLICT (event_id, assessor_id) DO UPDATE SET attendance = excluded.attendance, note = excluded.note`,
      );
      const changed: number[] = [];
      for (const e of input.entries) {
        upsert.run(input.eventId, e.assessorId, e.attendance, e.note ?? null);
        const was = previous.get(e.assessorId)?.attendance === 'attended';
        if (was !== (e.attendance === 'attended')) changed.push(e.assessorId);
      }
      const flags = recomputeFlags(ctx, { assessorIds: changed });
      writeAudit(ctx, {
        action: 'standardisation.attendance',
        entity: 'standardisation_event',
        entityId: input.eventId,
        before: input.entries.map((e) => ({
          assessorId: e.assessorId,
          attendance: previous.get(e.assessorId)?.attendance ?? null,
        })),
        after: { entries: input.entries, flags },
      });
    })
    .immediate();
  return getEvent(ctx, input.eventId);
}

export function hasMarks(ctx: AppContext, eventId: number, assessorId: number): boolean {
  return (
    ctx.sqlite
      .prepare(
        `SELECT 1 FROM standardisation_exercise_marks m JOIN standardisation_exercise_items i ON i.id = m.item_id
         JOIN standardisation_exercises x ON x.id = i.exercise_id WHERE x.event_id = ? AND m.assessor_id = ? LIMIT 1`,
      )
      .get(eventId, assessorId) !== undefined
  );
}

/** Removes an attendance record (recorded in error), with the assessor's exercise grades. */
export function removeAttendance(
  ctx: AppContext,
  input: { eventId: number; assessorId: number },
): EventDetailDto {
  requireEditor(ctx);
  const before = attendanceRows(ctx, input.eventId).find((a) => a.assessorId === input.assessorId);
  if (!before)
    throw new DomainError(
      'not_found',
      'No attendance is recorded for that assessor at this event.',
    );
  ctx.sqlite
    .transaction(() => {
      const marks = ctx.sqlite
        .prepare(
          `DELETE FROM standardisation_exercise_marks WHERE assessor_id = ? AND item_id IN (
             SELECT i.id FROM standardisation_exercise_items i JOIN standardisation_exercises x ON x.id = i.exercise_id
             WHERE x.event_id = ?)`,
        )
        .run(input.assessorId, input.eventId).changes;
      ctx.sqlite
        .prepare('DELETE FROM standardisation_attendance WHERE event_id = ? AND assessor_id = ?')
        .run(input.eventId, input.assessorId);
      const flags =
        before.attendance === 'attended'
          ? recomputeFlags(ctx, { assessorIds: [input.assessorId] })
          : null;
      writeAudit(ctx, {
        action: 'standardisation.attendance-remove',
        entity: 'standardisation_event',
        entityId: input.eventId,
        before,
        after: { marksRemoved: marks, flags },
      });
    })
    .immediate();
  return getEvent(ctx, input.eventId);
}
