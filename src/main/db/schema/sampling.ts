/** Sampling plans: what was in scope, what was drawn and why, and every adjustment since. */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { assessors, decisions, users } from './core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const samplingPlans = sqliteTable(
  'sampling_plans',
  {
    id: integer('id').primaryKey(),
    title: text('title').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** JSON array of standard codes in scope. */
    standardsJson: text('standards_json').notNull(),
    seed: integer('seed').notNull(),
    paramsJson: text('params_json').notNull(),
    rulesVersion: text('rules_version').notNull(),
    /** The assessor risks found at generation, kept so the plan can be re-run to verify it. */
    assessorsJson: text('assessors_json').notNull(),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(now),
    publishedBy: text('published_by'),
    publishedAt: text('published_at'),
  },
  (t) => [index('sampling_plans_period').on(t.periodFrom, t.periodTo)],
);

/** The decisions in scope as they were at generation: the inputs `sample verify` re-runs. */
export const samplingPlanScope = sqliteTable(
  'sampling_plan_scope',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => samplingPlans.id, { onDelete: 'cascade' }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    assessorId: integer('assessor_id').notNull(),
    method: text('method').notNull(),
    grade: text('grade').notNull(),
    attempt: integer('attempt').notNull(),
    employer: text('employer'),
    provider: text('provider'),
    assessmentDate: text('assessment_date').notNull(),
    flagsJson: text('flags_json').notNull(),
    assessorSequence: integer('assessor_sequence').notNull(),
    /** 0 for the scope at generation, then 1, 2... for each top-up: each is drawn separately. */
    slice: integer('slice').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.decisionId] }),
    index('sampling_plan_scope_decision').on(t.decisionId),
    // Sample coverage per assessor in a period, from the scope alone.
    index('sampling_plan_scope_coverage').on(t.planId, t.assessorId, t.assessmentDate, t.method),
  ],
);

export const samplingPlanItems = sqliteTable(
  'sampling_plan_items',
  {
    id: integer('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => samplingPlans.id, { onDelete: 'cascade' }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    source: text('source', { enum: ['generated', 'manual', 'escalation', 'top-up'] }).notNull(),
    /** The scope slice a drawn item came from (see sampling_plan_scope.slice). */
    slice: integer('slice').notNull().default(0),
    reasonsJson: text('reasons_json').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: text('added_at').notNull().default(now),
    removedAt: text('removed_at'),
    removedBy: text('removed_by'),
    removedReason: text('removed_reason'),
    assignedTo: integer('assigned_to').references(() => users.id),
    dueDate: text('due_date'),
  },
  (t) => [
    uniqueIndex('sampling_plan_items_plan_decision').on(t.planId, t.decisionId),
    index('sampling_plan_items_decision').on(t.decisionId),
    index('sampling_plan_items_assessor').on(t.assessorId),
    index('sampling_plan_items_assigned').on(t.assignedTo),
  ],
);
