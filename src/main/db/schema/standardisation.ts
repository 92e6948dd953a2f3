/**
 * Standardisation events, who attended them (the plan: every assessor at least once a year) and
 * the sample-marking exercises run at them.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { assessors, importBatches, standardVersions } from './core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const standardisationEvents = sqliteTable(
  'standardisation_events',
  {
    id: integer('id').primaryKey(),
    eventDate: text('event_date').notNull(),
    title: text('title').notNull(),
    /** JSON array of standard codes (and versions, "ST0071 v1.1") the event covered. */
    standardsJson: text('standards_json').notNull().default('[]'),
    format: text('format', { enum: ['in_person', 'remote'] }),
    facilitator: text('facilitator'),
    agenda: text('agenda'),
    notes: text('notes'),
    createdBy: text('created_by').notNull(),
    importBatchId: integer('import_batch_id').references(() => importBatches.id),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex('standardisation_events_date_title').on(t.eventDate, t.title)],
);

export const standardisationAttendance = sqliteTable(
  'standardisation_attendance',
  {
    id: integer('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => standardisationEvents.id, { onDelete: 'cascade' }),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    attendance: text('attendance', { enum: ['attended', 'apologies', 'absent'] }).notNull(),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('standardisation_attendance_event_assessor').on(t.eventId, t.assessorId),
    index('standardisation_attendance_assessor').on(t.assessorId),
  ],
);

/** A sample-marking exercise: evidence items graded by every attendee against an agreed grade. */
export const standardisationExercises = sqliteTable(
  'standardisation_exercises',
  {
    id: integer('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => standardisationEvents.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The version whose grades and criteria the items are judged against. */
    standardVersionId: integer('standard_version_id')
      .notNull()
      .references(() => standardVersions.id),
    instructions: text('instructions'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('standardisation_exercises_event').on(t.eventId)],
);

export const standardisationExerciseItems = sqliteTable(
  'standardisation_exercise_items',
  {
    id: integer('id').primaryKey(),
    exerciseId: integer('exercise_id')
      .notNull()
      .references(() => standardisationExercises.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** How the item is known at the event, e.g. "Project A" (anonymised). */
    label: text('label').notNull(),
    methodCode: text('method_code'),
    description: text('description'),
    agreedGrade: text('agreed_grade').notNull(),
    /** JSON object: criterion code -> 'met' | 'not_met', where the panel agreed them. */
    agreedCriteriaJson: text('agreed_criteria_json').notNull().default('{}'),
  },
  (t) => [uniqueIndex('standardisation_exercise_items_label').on(t.exerciseId, t.label)],
);

export const standardisationExerciseMarks = sqliteTable(
  'standardisation_exercise_marks',
  {
    id: integer('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => standardisationExerciseItems.id, { onDelete: 'cascade' }),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    grade: text('grade').notNull(),
    criteriaJson: text('criteria_json').notNull().default('{}'),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('standardisation_exercise_marks_item_assessor').on(t.itemId, t.assessorId),
    index('standardisation_exercise_marks_assessor').on(t.assessorId),
  ],
);
