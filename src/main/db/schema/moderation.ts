/** Moderation records, criterion judgements, actions for the assessor, and IQA notifications. */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { decisions, importBatches, users } from './core';
import { samplingPlanItems } from './sampling';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const MODERATION_ACTIVITIES = [
  'documentation_review',
  'live_observation',
  'remote_observation',
] as const;

/** Judgement and error kept apart: they mean different things for the assessor. */
export const MODERATION_OUTCOMES = [
  'agreed',
  'agreed_with_feedback',
  'grade_changed_borderline',
  'grade_changed_criteria_misapplied',
  'procedural_issue',
  'referred_back',
] as const;

export const moderationRecords = sqliteTable(
  'moderation_records',
  {
    id: integer('id').primaryKey(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    planItemId: integer('plan_item_id').references(() => samplingPlanItems.id),
    moderatorUserId: integer('moderator_user_id').references(() => users.id),
    moderatorName: text('moderator_name').notNull(),
    moderationDate: text('moderation_date').notNull(),
    activity: text('activity').notNull(),
    originalGrade: text('original_grade').notNull(),
    moderatedGrade: text('moderated_grade').notNull(),
    outcome: text('outcome'),
    feedback: text('feedback'),
    /** The decision as it stood when sampled, kept beside the record for audit. */
    snapshotJson: text('snapshot_json').notNull(),
    source: text('source', { enum: ['app', 'import'] })
      .notNull()
      .default('app'),
    importBatchId: integer('import_batch_id').references(() => importBatches.id),
    createdAt: text('created_at').notNull().default(now),
    /**
     * Set when the decision's grade changed afterwards from outside the app (a re-import): the
     * record is kept as history but no longer settles the decision, which is moderated again.
     */
    supersededAt: text('superseded_at'),
    supersededReason: text('superseded_reason'),
    /**
     * Set instead when the record is older than a moderation already recorded for the decision
     * (imported history): the later record, which it does not override. No foreign key, so that
     * SQLite adds the column in place rather than rebuilding the table and its triggers.
     */
    supersededBy: integer('superseded_by'),
  },
  (t) => [
    index('moderation_records_decision').on(t.decisionId),
    index('moderation_records_date').on(t.moderationDate),
  ],
);

export const moderationCriteria = sqliteTable(
  'moderation_criteria',
  {
    id: integer('id').primaryKey(),
    recordId: integer('record_id')
      .notNull()
      .references(() => moderationRecords.id, { onDelete: 'cascade' }),
    criterionCode: text('criterion_code').notNull(),
    judgement: text('judgement', { enum: ['agree', 'disagree'] }).notNull(),
    note: text('note'),
  },
  (t) => [
    index('moderation_criteria_record').on(t.recordId),
    index('moderation_criteria_code').on(t.criterionCode),
  ],
);

export const moderationActions = sqliteTable(
  'moderation_actions',
  {
    id: integer('id').primaryKey(),
    recordId: integer('record_id')
      .notNull()
      .references(() => moderationRecords.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    dueDate: text('due_date'),
    /** When the assessor acknowledged the action, and who at the EPAO recorded it. */
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgementNote: text('acknowledgement_note'),
    closedAt: text('closed_at'),
    closedBy: text('closed_by'),
    closedNote: text('closed_note'),
  },
  (t) => [index('moderation_actions_record').on(t.recordId)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    link: text('link'),
    createdAt: text('created_at').notNull().default(now),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_unread').on(t.readAt)],
);
