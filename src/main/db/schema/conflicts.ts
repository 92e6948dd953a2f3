/** Declared conflicts of interest, for assessors and IQA staff alike (Ofqual condition A4). */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const conflicts = sqliteTable(
  'conflicts',
  {
    id: integer('id').primaryKey(),
    /** Whose conflict: an independent assessor or a member of IQA staff. */
    subjectType: text('subject_type', { enum: ['assessor', 'user'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    /** With whom: an employer (by name), a provider (by UKPRN) or an apprentice (by ULN). */
    partyType: text('party_type', { enum: ['employer', 'provider', 'apprentice'] }).notNull(),
    partyRef: text('party_ref').notNull(),
    declaredOn: text('declared_on'),
    endedOn: text('ended_on'),
    note: text('note'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index('conflicts_subject').on(t.subjectType, t.subjectId),
    check('conflicts_party_ref_not_empty', sql`length(trim(${t.partyRef})) > 0`),
  ],
);
