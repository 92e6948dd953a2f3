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

/**
 * The decisions in scope as they were at generation: the inputs `sample verify` re-runs.
 * Stored WITHOUT ROWID (migration 0012; drizzle cannot declare it), so the rows are the primary
 * key's b-tree: a plan's scope is appended in decision order and read back in that order with
 * no second lookup. Counts per assessor come from sampling_plan_scope_assessors, not from an
 * index here: an index in assessor order took most of a million-decision plan's time to fill.
 */
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
    /** The assessor's first decision on this standard (rules/2: their first months are all sampled). */
    assessorStandardStart: text('assessor_standard_start'),
    /** A re-take (a new gateway after an earlier EPA on the standard): weighted like a re-sit. */
    retake: integer('retake', { mode: 'boolean' }).notNull().default(false),
    /** 0 for the scope at generation, then 1, 2... for each top-up: each is drawn separately. */
    slice: integer('slice').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.decisionId] }),
    index('sampling_plan_scope_decision').on(t.decisionId),
  ],
);

/** Decisions in each slice of a plan's scope per assessor: the floor's n, without a count. */
export const samplingPlanScopeAssessors = sqliteTable(
  'sampling_plan_scope_assessors',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => samplingPlans.id, { onDelete: 'cascade' }),
    slice: integer('slice').notNull(),
    assessorId: integer('assessor_id').notNull(),
    decisions: integer('decisions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.slice, t.assessorId] })],
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
    /** Moderate by: the EPA's confirmation target, known when the item joined a published plan. */
    dueDate: text('due_date'),
    /** The decision as it stood when it was sampled, kept beside its moderation record. */
    snapshotJson: text('snapshot_json'),
    /*
     * The moderation queue, kept on the item by triggers (migration 0007) so the queue filters,
     * sorts and counts a hundred thousand rows from one table and its indexes, joining the rest
     * only for the page shown: `active` (its plan is published and it is not removed), `done`
     * (moderated, other than referred back), and copies of the decision's date, method and grade.
     */
    active: integer('active', { mode: 'boolean' }).notNull().default(false),
    done: integer('done', { mode: 'boolean' }).notNull().default(false),
    assessmentDate: text('assessment_date'),
    method: text('method'),
    grade: text('grade'),
  },
  (t) => [
    uniqueIndex('sampling_plan_items_plan_decision').on(t.planId, t.decisionId),
    index('sampling_plan_items_decision').on(t.decisionId),
    index('sampling_plan_items_assessor').on(t.assessorId),
    index('sampling_plan_items_assigned').on(t.assignedTo),
    // Ordered as the queue pages (then the id, to break ties) and covering its filters, the
    // reasons included (a few dozen bytes each), so counting and paging never visit the table.
    index('sampling_plan_items_queue_date')
      .on(
        t.done,
        t.assessmentDate,
        t.id,
        t.assignedTo,
        t.method,
        t.grade,
        t.dueDate,
        t.planId,
        t.reasonsJson,
      )
      .where(sql`active = 1`),
    index('sampling_plan_items_queue_due')
      .on(t.done, t.dueDate, t.id, t.assignedTo, t.method, t.grade, t.assessmentDate)
      .where(sql`active = 1`),
    index('sampling_plan_items_queue_assessor')
      .on(t.assessorId, t.done, t.assessmentDate)
      .where(sql`active = 1`),
  ],
);
