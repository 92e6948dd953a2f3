/**
 * Files attached to register and standardisation records (competence evidence, CPD evidence,
 * event agendas and materials, sample-marking evidence). The bytes live in a folder beside the
 * database, named by content hash; this table records what each file is and its sha256, so a
 * file changed on disk is detected before anyone relies on it. Appeals keep their own table.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const ATTACHMENT_OWNERS = ['assessor', 'cpd', 'event', 'exercise_item'] as const;

export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey(),
    ownerType: text('owner_type', { enum: ATTACHMENT_OWNERS }).notNull(),
    ownerId: integer('owner_id').notNull(),
    /** What the file is to its owner: 'competence', 'qualification', 'agenda', 'materials'... */
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    /** Relative to the attachments folder beside the database. */
    storedPath: text('stored_path').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: text('added_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index('attachments_owner').on(t.ownerType, t.ownerId)],
);
