/** Core tables: standards as data, people and organisations, EPAs and decisions, settings, audit. */
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

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

// ---------------------------------------------------------------- the standard, as data

export const standards = sqliteTable('standards', {
  id: integer('id').primaryKey(),
  code: text('code').notNull().unique(),
  title: text('title').notNull(),
  level: integer('level').notNull(),
});

export const standardVersions = sqliteTable(
  'standard_versions',
  {
    id: integer('id').primaryKey(),
    standardId: integer('standard_id')
      .notNull()
      .references(() => standards.id),
    version: text('version').notNull(),
    label: text('label').notNull(),
    /** The validated definition this version was loaded from, kept whole for audit. */
    definitionJson: text('definition_json').notNull(),
    definitionHash: text('definition_hash').notNull(),
    loadedAt: createdAt(),
  },
  (t) => [uniqueIndex('standard_versions_standard_version').on(t.standardId, t.version)],
);

export const assessmentMethods = sqliteTable(
  'assessment_methods',
  {
    id: integer('id').primaryKey(),
    standardVersionId: integer('standard_version_id')
      .notNull()
      .references(() => standardVersions.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('assessment_methods_version_code').on(t.standardVersionId, t.code)],
);

export const ksbs = sqliteTable(
  'ksbs',
  {
    id: integer('id').primaryKey(),
    standardVersionId: integer('standard_version_id')
      .notNull()
      .references(() => standardVersions.id),
    code: text('code').notNull(),
    kind: text('kind', { enum: ['knowledge', 'skill', 'behaviour'] }).notNull(),
    title: text('title').notNull(),
    statement: text('statement').notNull(),
  },
  (t) => [uniqueIndex('ksbs_version_code').on(t.standardVersionId, t.code)],
);

export const ksbMethods = sqliteTable(
  'ksb_methods',
  {
    ksbId: integer('ksb_id')
      .notNull()
      .references(() => ksbs.id),
    methodId: integer('method_id')
      .notNull()
      .references(() => assessmentMethods.id),
  },
  (t) => [uniqueIndex('ksb_methods_pk').on(t.ksbId, t.methodId)],
);

export const gradingCriteria = sqliteTable(
  'grading_criteria',
  {
    id: integer('id').primaryKey(),
    methodId: integer('method_id')
      .notNull()
      .references(() => assessmentMethods.id),
    code: text('code').notNull(),
    grade: text('grade').notNull(),
    text: text('text').notNull(),
  },
  (t) => [uniqueIndex('grading_criteria_method_code').on(t.methodId, t.code)],
);

// ---------------------------------------------------------------- people and organisations

export const employers = sqliteTable('employers', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
});

export const providers = sqliteTable(
  'providers',
  {
    id: integer('id').primaryKey(),
    ukprn: text('ukprn').notNull().unique(),
    name: text('name').notNull(),
  },
  (t) => [
    check('providers_ukprn_format', sql`length(${t.ukprn}) = 8 and substr(${t.ukprn},1,1) = '1'`),
  ],
);

export const apprentices = sqliteTable(
  'apprentices',
  {
    id: integer('id').primaryKey(),
    uln: text('uln').notNull().unique(),
    givenName: text('given_name'),
    familyName: text('family_name'),
    employerId: integer('employer_id').references(() => employers.id),
    providerId: integer('provider_id').references(() => providers.id),
  },
  (t) => [
    check('apprentices_uln_format', sql`length(${t.uln}) = 10`),
    // Dashboard filters by provider or employer start from the apprentices.
    index('apprentices_provider').on(t.providerId),
    index('apprentices_employer').on(t.employerId),
  ],
);

export const assessors = sqliteTable('assessors', {
  id: integer('id').primaryKey(),
  ref: text('ref').notNull().unique(),
  name: text('name').notNull(),
  email: text('email'),
  status: text('status', { enum: ['active', 'suspended', 'left'] })
    .notNull()
    .default('active'),
  /** When they started with the EPAO (drives the "new assessor" sampling rule). */
  startDate: text('start_date'),
  /** 'held', 'working_towards' or 'equivalent_expertise' (imports may write them in words). */
  qualificationStatus: text('qualification_status'),
  qualificationName: text('qualification_name'),
  /** Working towards: when they expect to hold it. */
  qualificationExpectedBy: text('qualification_expected_by'),
  qualificationAchievedOn: text('qualification_achieved_on'),
  /** Equivalent expertise, described; or anything else about the qualification. */
  qualificationNote: text('qualification_note'),
  competenceSince: text('competence_since'),
  competenceEvidence: text('competence_evidence'),
  /** Understanding of the sector and the occupation (assessment plan, section 6). */
  sectorExperience: text('sector_experience'),
  createdAt: createdAt(),
  updatedAt: text('updated_at'),
});

export const USER_ROLES = ['iqa_lead', 'moderator', 'read_only'] as const;

/** IQA staff who use the app. Passwords are a later concern: people sign in by picking a name. */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Set when this person also assesses: nobody moderates or reviews their own assessment. */
  assessorId: integer('assessor_id').references(() => assessors.id),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------- assessments

export const importBatches = sqliteTable('import_batches', {
  id: integer('id').primaryKey(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  fileHash: text('file_hash').notNull(),
  importedBy: text('imported_by').notNull(),
  importedAt: createdAt(),
  rowsNew: integer('rows_new').notNull().default(0),
  rowsChanged: integer('rows_changed').notNull().default(0),
  rowsUnchanged: integer('rows_unchanged').notNull().default(0),
  rowsRejected: integer('rows_rejected').notNull().default(0),
  flags: integer('flags').notNull().default(0),
});

export const EPA_STATUSES = ['in_progress', 'awaiting_confirmation', 'confirmed'] as const;

export const epas = sqliteTable(
  'epas',
  {
    id: integer('id').primaryKey(),
    apprenticeId: integer('apprentice_id')
      .notNull()
      .references(() => apprentices.id),
    standardVersionId: integer('standard_version_id')
      .notNull()
      .references(() => standardVersions.id),
    gatewayDate: text('gateway_date'),
    /** Derived by the standard's rule from the latest attempt of each method; null until complete. */
    overallGrade: text('overall_grade'),
    status: text('status', { enum: EPA_STATUSES }).notNull().default('in_progress'),
    confirmedAt: text('confirmed_at'),
    confirmedBy: text('confirmed_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('epas_apprentice').on(t.apprenticeId),
    // Dashboards: EPAs confirmed in a period.
    index('epas_status_confirmed').on(t.status, t.confirmedAt),
  ],
);

export const DECISION_STATUSES = ['held', 'sampled', 'released'] as const;

export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey(),
    epaId: integer('epa_id')
      .notNull()
      .references(() => epas.id),
    /** The source system's id; the key for re-imports when present. */
    decisionRef: text('decision_ref').unique(),
    methodId: integer('method_id')
      .notNull()
      .references(() => assessmentMethods.id),
    attempt: integer('attempt').notNull().default(1),
    assessorId: integer('assessor_id')
      .notNull()
      .references(() => assessors.id),
    assessmentDate: text('assessment_date').notNull(),
    grade: text('grade').notNull(),
    /**
     * The grade the source system last gave (its file, at the import that inserted the decision
     * or last saw it give another): a re-import tells a change by the source from the source still
     * giving a grade moderation or an appeal has since changed in the app, which never touch it.
     * NULL for decisions stored before migration 0019 (the import works it out from the audit log).
     */
    sourceGrade: text('source_grade'),
    durationMinutes: real('duration_minutes'),
    questioningMinutes: real('questioning_minutes'),
    wordCount: integer('word_count'),
    evidencePieces: integer('evidence_pieces'),
    exceptionalCircumstances: integer('exceptional_circumstances', { mode: 'boolean' })
      .notNull()
      .default(false),
    /** Every decision starts held; only moderation or a published plan releases it. */
    status: text('status', { enum: DECISION_STATUSES }).notNull().default('held'),
    importBatchId: integer('import_batch_id').references(() => importBatches.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('decisions_epa_method_attempt').on(t.epaId, t.methodId, t.attempt),
    index('decisions_assessor_date').on(t.assessorId, t.assessmentDate),
    index('decisions_date').on(t.assessmentDate),
    index('decisions_status_date').on(t.status, t.assessmentDate),
    // Covers the dashboards' scans: one date range per assessor, grade and status, counted in
    // index order without sorting; method and EPA are there for the filters.
    index('decisions_analytics').on(
      t.assessorId,
      t.grade,
      t.status,
      t.assessmentDate,
      t.methodId,
      t.epaId,
    ),
    // Covers what a sampling plan reads of each held decision, so generating a plan over a
    // million of them never visits the table. Partial: held decisions are only the recent ones.
    index('decisions_held_scope')
      .on(t.assessmentDate, t.methodId, t.assessorId, t.grade, t.attempt, t.epaId)
      .where(sql`status = 'held'`),
    check('decisions_attempt_positive', sql`${t.attempt} >= 1`),
  ],
);

/** Warnings raised on a decision (outside the limits, conflicts...). They feed sampling. */
export const complianceFlags = sqliteTable(
  'compliance_flags',
  {
    // AUTOINCREMENT: an import counts and reports the flags it raised by id, so a deleted flag's
    // id must never be handed out again.
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    field: text('field').notNull(),
    message: text('message').notNull(),
    raisedAt: createdAt(),
  },
  (t) => [index('compliance_flags_decision').on(t.decisionId)],
);

// ---------------------------------------------------------------- settings and audit

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  valueJson: text('value_json').notNull(),
  updatedAt: createdAt(),
});

/**
 * Append-only: triggers in the migration refuse UPDATE and DELETE. Rows are written in the same
 * transaction as the change they record (see src/main/audit).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    beforeJson: text('before_json'),
    afterJson: text('after_json'),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId), index('audit_log_at').on(t.at)],
);
