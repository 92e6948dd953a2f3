/**
 * Derived tables for the dashboards, kept in step with moderation by triggers (migration
 * analytics_triggers), so a dashboard reads one narrow covering index instead of joining every
 * moderation record to its decision. Never written by the app's code; safe to rebuild from the
 * source tables (the migration that creates them fills them). Their month roll-ups
 * (analytics_decision_months and others) are created, with their triggers, by the custom
 * migration analytics_rollups and read through SQL only (src/main/analytics/rollups.ts).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per decision that moderation or an appeal has touched: who assessed it and when (as
 * on the decision), the grade pair of its latest moderation that was not referred back, and the
 * grade the assessor awarded before anything changed it.
 */
export const analyticsModerated = sqliteTable(
  'analytics_moderated',
  {
    decisionId: integer('decision_id').primaryKey(),
    assessorId: integer('assessor_id').notNull(),
    assessmentDate: text('assessment_date').notNull(),
    methodId: integer('method_id').notNull(),
    epaId: integer('epa_id').notNull(),
    /** The decision's grade now. */
    currentGrade: text('current_grade').notNull(),
    /** Assessor's and moderator's grade in the latest completed moderation; null if none. */
    assessorGrade: text('assessor_grade'),
    moderatedGrade: text('moderated_grade'),
    /** The grade before the first moderation or appeal changed it; null if never changed. */
    awardedGrade: text('awarded_grade'),
  },
  (t) => [
    index('analytics_moderated_scan').on(
      t.assessorId,
      t.assessmentDate,
      t.assessorGrade,
      t.moderatedGrade,
      t.currentGrade,
      t.awardedGrade,
      t.methodId,
      t.epaId,
    ),
  ],
);

/** One row per criterion judgement in moderation, with the decision's assessor and date. */
export const analyticsCriteria = sqliteTable(
  'analytics_criteria',
  {
    criterionId: integer('criterion_id').primaryKey(),
    recordId: integer('record_id').notNull(),
    assessorId: integer('assessor_id').notNull(),
    assessmentDate: text('assessment_date').notNull(),
    methodId: integer('method_id').notNull(),
    epaId: integer('epa_id').notNull(),
    criterionCode: text('criterion_code').notNull(),
    judgement: text('judgement').notNull(),
  },
  (t) => [
    // Per assessor, per criterion and judgement, a date range: counted in index order.
    index('analytics_criteria_scan').on(
      t.assessorId,
      t.criterionCode,
      t.judgement,
      t.assessmentDate,
      t.methodId,
      t.epaId,
    ),
    index('analytics_criteria_record').on(t.recordId),
  ],
);
