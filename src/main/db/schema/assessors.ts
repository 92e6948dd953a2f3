/**
 * The assessor register beyond the core row: dated status changes, the standard versions each
 * assessor is approved for, and their CPD log. Conflicts of interest live in conflicts.ts (they
 * cover IQA staff too); files in attachments.ts.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { assessors, standardVersions } from './core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Status with dates: eligibility on a past date reads the status in force then. */
export const assessorStatusChanges = sqliteTable(
  'assessor_status_changes',
  {
    id: integer('id').primaryKey(),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    status: text('status', { enum: ['active', 'suspended', 'left'] }).notNull(),
    effectiveFrom: text('effective_from').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull().default(now),
  },
  (t) => [index('assessor_status_changes_assessor').on(t.assessorId, t.effectiveFrom)],
);

export const assessorApprovals = sqliteTable(
  'assessor_approvals',
  {
    id: integer('id').primaryKey(),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    standardVersionId: integer('standard_version_id')
      .notNull()
      .references(() => standardVersions.id),
    approvedFrom: text('approved_from'),
    approvedTo: text('approved_to'),
    note: text('note'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('assessor_approvals_assessor_version').on(t.assessorId, t.standardVersionId),
    check(
      'assessor_approvals_dates',
      sql`${t.approvedTo} IS NULL OR ${t.approvedFrom} IS NULL OR ${t.approvedTo} >= ${t.approvedFrom}`,
    ),
  ],
);

export const assessorCpd = sqliteTable(
  'assessor_cpd',
  {
    id: integer('id').primaryKey(),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    activityDate: text('activity_date').notNull(),
    activity: text('activity').notNull(),
    hours: real('hours').notNull(),
    notes: text('notes'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at'),
  },
  (t) => [
    index('assessor_cpd_assessor_date').on(t.assessorId, t.activityDate),
    check('assessor_cpd_hours', sql`${t.hours} > 0 AND ${t.hours} <= 1000`),
  ],
);
