/** Imports: saved column mappings, and what each batch was read with and found. */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { importBatches } from './core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/**
 * A user's answer to "which column is which" for another system's export, filed under the set
 * of headers it was made for so the same export is mapped automatically next time.
 */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    headerKey: text('header_key').notNull(),
    headersJson: text('headers_json').notNull(),
    /** Template column → source header (or null). */
    mappingJson: text('mapping_json').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('import_mappings_name').on(t.name),
    index('import_mappings_kind_headers').on(t.kind, t.headerKey),
  ],
);

/** How a batch was read (one row per batch, beside the core import_batches row). */
export const importBatchDetails = sqliteTable('import_batch_details', {
  batchId: integer('batch_id')
    .primaryKey()
    .references(() => importBatches.id, { onDelete: 'cascade' }),
  format: text('format').notNull(),
  encoding: text('encoding'),
  delimiter: text('delimiter'),
  sheet: text('sheet'),
  mappingName: text('mapping_name'),
  allOrNothing: integer('all_or_nothing', { mode: 'boolean' }).notNull(),
  rowsRead: integer('rows_read').notNull(),
  problems: integer('problems').notNull(),
  seconds: real('seconds').notNull(),
});

/** Every problem found in a committed batch, for its downloadable report. */
export const importProblems = sqliteTable(
  'import_problems',
  {
    id: integer('id').primaryKey(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    column: text('column').notNull(),
    value: text('value').notNull(),
    severity: text('severity', { enum: ['error', 'warning'] }).notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('import_problems_batch').on(t.batchId)],
);
