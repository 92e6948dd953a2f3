/** Standardisation events and who attended them (the plan: every assessor at least once a year). */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { assessors, importBatches } from './core';

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
  },
  (t) => [
    uniqueIndex('standardisation_attendance_event_assessor').on(t.eventId, t.assessorId),
    index('standardisation_attendance_assessor').on(t.assessorId),
  ],
);
