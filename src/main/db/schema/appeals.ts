/**
 * Enquiries about results and appeals: the record, the decisions appealed, evidence files, the
 * reviewers of each stage, grade changes made by outcomes and the remediation list when an
 * outcome reveals a failure in the assessment process.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { decisions, epas, users } from './core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const appeals = sqliteTable(
  'appeals',
  {
    id: integer('id').primaryKey(),
    /** E-2026-001 for an enquiry, A-2026-001 for an appeal. */
    ref: text('ref').notNull().unique(),
    kind: text('kind', { enum: ['enquiry', 'appeal'] }).notNull(),
    type: text('type', { enum: ['result', 'adjustment', 'sanction'] }).notNull(),
    epaId: integer('epa_id')
      .notNull()
      .references(() => epas.id),
    status: text('status', {
      enum: [
        'received',
        'acknowledged',
        'under_review',
        'escalated',
        'decided',
        'closed',
        'withdrawn',
      ],
    })
      .notNull()
      .default('received'),
    appellantKind: text('appellant_kind', {
      enum: ['apprentice', 'employer', 'provider'],
    }).notNull(),
    appellantName: text('appellant_name').notNull(),
    authorisationsJson: text('authorisations_json').notNull().default('[]'),
    resultDate: text('result_date').notNull(),
    receivedDate: text('received_date').notNull(),
    lodgeBy: text('lodge_by').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    groundsJson: text('grounds_json').notNull(),
    description: text('description').notNull(),
    loggedBy: text('logged_by').notNull(),
    loggedByUserId: integer('logged_by_user_id').references(() => users.id),
    policyVersion: text('policy_version').notNull(),
    /** The whole policy (deadlines and units) in force when logged. */
    policyJson: text('policy_json').notNull(),
    acknowledgedOn: text('acknowledged_on'),
    reviewStartedOn: text('review_started_on'),
    escalatedOn: text('escalated_on'),
    decidedOn: text('decided_on'),
    decidedStage: integer('decided_stage'),
    closedOn: text('closed_on'),
    withdrawnOn: text('withdrawn_on'),
    outcome: text('outcome', {
      enum: [
        'upheld',
        'partially_upheld',
        'reassessment_offered',
        'not_upheld',
        'withdrawn',
        'not_proceeded',
      ],
    }),
    outcomeReason: text('outcome_reason'),
    systemicFailure: integer('systemic_failure', { mode: 'boolean' }).notNull().default(false),
    systemicNote: text('systemic_note'),
    /** Set when an upheld grade change hit an EPA that had already been confirmed. */
    certificateReissue: integer('certificate_reissue', { mode: 'boolean' })
      .notNull()
      .default(false),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at'),
  },
  (t) => [
    index('appeals_epa').on(t.epaId),
    index('appeals_status').on(t.status),
    index('appeals_received').on(t.receivedDate),
    // One open enquiry or appeal per EPA at a time.
    uniqueIndex('appeals_one_open_per_epa')
      .on(t.epaId)
      .where(sql`status NOT IN ('closed', 'withdrawn')`),
  ],
);

export const appealDecisions = sqliteTable(
  'appeal_decisions',
  {
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
  },
  (t) => [
    uniqueIndex('appeal_decisions_pk').on(t.appealId, t.decisionId),
    index('appeal_decisions_decision').on(t.decisionId),
  ],
);

export const appealEvidence = sqliteTable(
  'appeal_evidence',
  {
    id: integer('id').primaryKey(),
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    fileName: text('file_name').notNull(),
    /** Relative to the evidence folder beside the database. */
    storedPath: text('stored_path').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: text('added_at').notNull().default(now),
  },
  (t) => [index('appeal_evidence_appeal').on(t.appealId)],
);

export const appealReviewers = sqliteTable(
  'appeal_reviewers',
  {
    id: integer('id').primaryKey(),
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    /** 0 enquiry review, 1 stage 1, 2 stage 2 panel. */
    stage: integer('stage').notNull(),
    /** A member of IQA staff, or null for someone outside the app (an external panel member). */
    userId: integer('user_id').references(() => users.id),
    name: text('name').notNull(),
    /** Not an employee, assessor or otherwise connected to the EPAO. */
    independentOfEpao: integer('independent_of_epao', { mode: 'boolean' }).notNull().default(false),
    competence: text('competence'),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: text('assigned_at').notNull().default(now),
  },
  (t) => [
    index('appeal_reviewers_appeal').on(t.appealId),
    check('appeal_reviewers_stage', sql`${t.stage} BETWEEN 0 AND 2`),
  ],
);

export const appealGradeChanges = sqliteTable(
  'appeal_grade_changes',
  {
    id: integer('id').primaryKey(),
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    oldGrade: text('old_grade').notNull(),
    newGrade: text('new_grade').notNull(),
    overallBefore: text('overall_before'),
    overallAfter: text('overall_after'),
    changedBy: text('changed_by').notNull(),
    changedAt: text('changed_at').notNull().default(now),
  },
  (t) => [
    index('appeal_grade_changes_appeal').on(t.appealId),
    // The grade an assessor awarded, before an appeal changed it (dashboards).
    index('appeal_grade_changes_decision').on(t.decisionId),
  ],
);

export const appealRemediation = sqliteTable(
  'appeal_remediation',
  {
    id: integer('id').primaryKey(),
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    action: text('action').notNull(),
    status: text('status', { enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    note: text('note'),
    addedBy: text('added_by').notNull(),
    addedAt: text('added_at').notNull().default(now),
    doneBy: text('done_by'),
    doneAt: text('done_at'),
  },
  (t) => [uniqueIndex('appeal_remediation_pk').on(t.appealId, t.decisionId)],
);
