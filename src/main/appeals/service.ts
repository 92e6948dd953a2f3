/**
 * Enquiries about results and appeals: logging, attributed and audited stage transitions,
 * deadlines in the units of the policy each appeal was logged under, outcomes with grade changes
 * that flow to the EPA's overall grade, and the hooks that stop an EPA being confirmed (or booked
 * for a re-sit) while an enquiry or appeal is open.
 */
import {
  AppealsPolicySchema,
  DECIDING_STATUSES,
  KIND_NOUN,
  OUTCOME_LABELS,
  STATUS_LABELS,
  UPHELD_OUTCOMES,
  availableActions,
  checkTransition,
  currentDeadline,
  currentStage,
  daysRemaining,
  isOpen,
  lodgeCheck,
  urgency,
  type AppealAction,
  type AppealKind,
  type AppealStatus,
  type AppealsPolicy,
  type Authorisation,
  type Outcome,
} from '@shared/appeals';
import { englandAndWales } from '@shared/calendar';
import type {
  AppealDecisionDto,
  AppealDeadlineDto,
  AppealDetailDto,
  AppealRowDto,
  EpaChoiceDto,
} from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { folderBesideDatabase, readStoredFile, storeFile } from '../attachments/store';
import { applyGradeChange } from '../decisions/grades';
import { versionDefinition } from '../standards/load';
import { assessorNamed } from '../assessors/service';
import { requireEditor, userNamed } from '../users/service';
import type { RiskProvider } from '../sampling/scope';
import { prepared } from '../db/statements';
import { currentPolicy } from './policy';
import { finalDecisionProblem, reviewerProblem } from './independence';

interface AppealRow {
  id: number;
  ref: string;
  kind: AppealKind;
  type: AppealRowDto['type'];
  status: AppealStatus;
  epaId: number;
  uln: string;
  apprentice: string;
  standard: string;
  version: string;
  versionId: number;
  epaStatus: string;
  overallGrade: string | null;
  appellantKind: AppealRowDto['appellantKind'];
  appellantName: string;
  authorisationsJson: string;
  resultDate: string;
  receivedDate: string;
  lodgeBy: string;
  late: number;
  groundsJson: string;
  description: string;
  loggedBy: string;
  policyVersion: string;
  policyJson: string;
  acknowledgedOn: string | null;
  reviewStartedOn: string | null;
  escalatedOn: string | null;
  decidedOn: string | null;
  decidedStage: number | null;
  closedOn: string | null;
  withdrawnOn: string | null;
  outcome: Outcome | null;
  outcomeReason: string | null;
  systemicFailure: number;
  systemicNote: string | null;
  certificateReissue: number;
}

const SELECT = `SELECT a.id, a.ref, a.kind, a.type, a.status, a.epa_id AS epaId, p.uln,
    trim(coalesce(p.given_name,'') || ' ' || coalesce(p.family_name,'')) AS apprentice,
    st.code AS standard, v.version, v.id AS versionId, e.status AS epaStatus, e.overall_grade AS overallGrade,
    a.appellant_kind AS appellantKind, a.appellant_name AS appellantName,
    a.authorisations_json AS authorisationsJson, a.result_date AS resultDate,
    a.received_date AS receivedDate, a.lodge_by AS lodgeBy, a.late, a.grounds_json AS groundsJson,
    a.description, a.logged_by AS loggedBy, a.policy_version AS policyVersion, a.policy_json AS policyJson,
    a.acknowledged_on AS acknowledgedOn, a.review_started_on AS reviewStartedOn,
    a.escalated_on AS escalatedOn, a.decided_on AS decidedOn, a.decided_stage AS decidedStage,
    a.closed_on AS closedOn, a.withdrawn_on AS withdrawnOn, a.outcome, a.outcome_reason AS outcomeReason,
    a.systemic_failure AS systemicFailure, a.systemic_note AS systemicNote,
    a.certificate_reissue AS certificateReissue
  FROM appeals a JOIN epas e ON e.id = a.epa_id JOIN apprentices p ON p.id = e.apprentice_id
  JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id`;

export function readAppeal(ctx: AppContext, appealId: number): AppealRow {
  const row = ctx.sqlite.prepare(`${SELECT} WHERE a.id = ?`).get(appealId) as AppealRow | undefined;
  if (!row) throw new DomainError('not_found', `Appeal ${appealId} does not exist.`);
  return row;
}

function policyOf(row: AppealRow): AppealsPolicy {
  return AppealsPolicySchema.parse(JSON.parse(row.policyJson));
}

export function calendarWarning(): string {
  const { firstYear, lastYear, snapshotTaken } = englandAndWales.coverage();
  return `The bank holiday list (snapshot of ${snapshotTaken}) covers ${firstYear} to ${lastYear}; this date runs beyond it, so only weekends were skipped after ${lastYear}. Check it against the published list.`;
}

export function deadlineOf(ctx: AppContext, row: AppealRow): AppealDeadlineDto | null {
  const policy = policyOf(row);
  const d = currentDeadline(englandAndWales, policy, row.kind, row.status, {
    receivedDate: row.receivedDate,
    acknowledgedOn: row.acknowledgedOn,
    escalatedOn: row.escalatedOn,
    decidedOn: row.decidedOn,
    decidedStage: row.decidedStage,
  });
  if (!d) return null;
  const now = today(ctx);
  const remaining = daysRemaining(englandAndWales, now, d.dueDate, d.deadline.unit);
  return {
    label: d.label,
    owner: d.owner,
    dueDate: d.dueDate,
    days: d.deadline.days,
    unit: d.deadline.unit,
    daysRemaining: remaining,
    urgency: urgency(remaining, policy.dueSoonDays, d.dueDate, now),
    calendarWarning: d.beyondCoverage ? calendarWarning() : null,
  };
}

function toRow(ctx: AppContext, row: AppealRow): AppealRowDto {
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind,
    type: row.type,
    status: row.status,
    epaId: row.epaId,
    uln: row.uln,
    apprentice: row.apprentice,
    standard: row.standard,
    version: row.version,
    appellantKind: row.appellantKind,
    appellantName: row.appellantName,
    receivedDate: row.receivedDate,
    late: row.late === 1,
    grounds: JSON.parse(row.groundsJson) as string[],
    outcome: row.outcome,
    deadline: deadlineOf(ctx, row),
    certificateReissue: row.certificateReissue === 1,
  };
}

export function listAppeals(
  ctx: AppContext,
  input: { openOnly: boolean; year?: number | undefined },
): { rows: AppealRowDto[]; coverage: ReturnType<typeof englandAndWales.coverage> } {
  const parts: string[] = [];
  const params: string[] = [];
  if (input.openOnly) parts.push("a.status NOT IN ('closed', 'withdrawn')");
  if (input.year !== undefined) {
    parts.push('substr(a.received_date, 1, 4) = ?');
    params.push(String(input.year));
  }
  const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const rows = ctx.sqlite
    .prepare(`${SELECT} ${where} ORDER BY a.received_date, a.id`)
    .all(...params) as AppealRow[];
  const dto = rows.map((r) => toRow(ctx, r));
  // Open ones: the most urgent first.
  if (input.openOnly) {
    dto.sort(
      (a, b) =>
        (a.deadline?.dueDate ?? '9999').localeCompare(b.deadline?.dueDate ?? '9999') || a.id - b.id,
    );
  }
  return { rows: dto, coverage: englandAndWales.coverage() };
}

const DECISIONS_SQL = `SELECT d.id AS decisionId, d.decision_ref AS decisionRef, m.code AS method, d.attempt,
    d.grade, d.assessment_date AS assessmentDate, a.ref AS assessorRef, a.name AS assessorName
  FROM decisions d JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id`;

export function appealDecisions(ctx: AppContext, appealId: number): AppealDecisionDto[] {
  return ctx.sqlite
    .prepare(
      `${DECISIONS_SQL} WHERE d.id IN (SELECT decision_id FROM appeal_decisions WHERE appeal_id = ?) ORDER BY m.code, d.attempt`,
    )
    .all(appealId) as AppealDecisionDto[];
}

/** The latest attempt of each method of an EPA. */
function latestDecisions(ctx: AppContext, epaId: number): AppealDecisionDto[] {
  return ctx.sqlite
    .prepare(
      `${DECISIONS_SQL} WHERE d.epa_id = ? AND d.attempt = (SELECT max(x.attempt) FROM decisions x
         WHERE x.epa_id = d.epa_id AND x.method_id = d.method_id) ORDER BY m.code`,
    )
    .all(epaId) as AppealDecisionDto[];
}

function summarise(action: string, after: Record<string, unknown> | null): string {
  if (!after) return action;
  const parts: string[] = [];
  if (typeof after.status === 'string')
    parts.push(STATUS_LABELS[after.status as AppealStatus] ?? after.status);
  if (typeof after.outcome === 'string')
    parts.push(`outcome ${OUTCOME_LABELS[after.outcome as Outcome] ?? after.outcome}`);
  if (typeof after.reviewer === 'string')
    parts.push(`reviewer ${after.reviewer} (stage ${String(after.stage)})`);
  if (typeof after.fileName === 'string') parts.push(`evidence ${after.fileName}`);
  if (typeof after.method === 'string')
    parts.push(`${after.method}: ${String(after.oldGrade)} → ${String(after.newGrade)}`);
  if (typeof after.note === 'string' && after.note) parts.push(`note: ${after.note}`);
  if (typeof after.reason === 'string' && after.reason) parts.push(`reason: ${after.reason}`);
  return parts.join('; ') || action;
}

export function appealHistory(ctx: AppContext, appealId: number): AppealDetailDto['history'] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT at, actor, action, after_json AS afterJson FROM audit_log
       WHERE entity = 'appeal' AND entity_id = ? ORDER BY id`,
    )
    .all(String(appealId)) as {
    at: string;
    actor: string;
    action: string;
    afterJson: string | null;
  }[];
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    summary: summarise(
      r.action,
      r.afterJson ? (JSON.parse(r.afterJson) as Record<string, unknown>) : null,
    ),
  }));
}

export function getAppeal(ctx: AppContext, appealId: number): AppealDetailDto {
  const row = readAppeal(ctx, appealId);
  const version = versionDefinition(ctx, row.versionId).version;
  return {
    ...toRow(ctx, row),
    authorisations: JSON.parse(row.authorisationsJson) as Authorisation[],
    resultDate: row.resultDate,
    lodgeBy: row.lodgeBy,
    description: row.description,
    loggedBy: row.loggedBy,
    policyVersion: row.policyVersion,
    stage: currentStage(row.kind, row.status, row.decidedStage),
    acknowledgedOn: row.acknowledgedOn,
    reviewStartedOn: row.reviewStartedOn,
    escalatedOn: row.escalatedOn,
    decidedOn: row.decidedOn,
    decidedStage: row.decidedStage,
    closedOn: row.closedOn,
    withdrawnOn: row.withdrawnOn,
    outcomeReason: row.outcomeReason,
    systemicFailure: row.systemicFailure === 1,
    systemicNote: row.systemicNote,
    epaStatus: row.epaStatus,
    overallGrade: row.overallGrade,
    grades: [...version.grades],
    decisions: appealDecisions(ctx, appealId),
    evidence: ctx.sqlite
      .prepare(
        `SELECT id, file_name AS fileName, sha256, size_bytes AS sizeBytes, added_by AS addedBy, added_at AS addedAt
         FROM appeal_evidence WHERE appeal_id = ? ORDER BY id`,
      )
      .all(appealId) as AppealDetailDto['evidence'],
    reviewers: (
      ctx.sqlite
        .prepare(
          `SELECT id, stage, user_id AS userId, name, independent_of_epao AS independentOfEpao, competence
           FROM appeal_reviewers WHERE appeal_id = ? ORDER BY stage, id`,
        )
        .all(appealId) as (Omit<AppealDetailDto['reviewers'][number], 'independentOfEpao'> & {
        independentOfEpao: number;
      })[]
    ).map((r) => ({ ...r, independentOfEpao: r.independentOfEpao === 1 })),
    gradeChanges: ctx.sqlite
      .prepare(
        `SELECT g.decision_id AS decisionId, m.code AS method, g.old_grade AS oldGrade, g.new_grade AS newGrade,
           g.overall_before AS overallBefore, g.overall_after AS overallAfter, g.changed_by AS changedBy, g.changed_at AS changedAt
         FROM appeal_grade_changes g JOIN decisions d ON d.id = g.decision_id JOIN assessment_methods m ON m.id = d.method_id
         WHERE g.appeal_id = ? ORDER BY g.id`,
      )
      .all(appealId) as AppealDetailDto['gradeChanges'],
    actions: availableActions({
      kind: row.kind,
      status: row.status,
      stage: currentStage(row.kind, row.status, row.decidedStage),
    }),
    history: appealHistory(ctx, appealId),
  };
}

// ---------------------------------------------------------------- the open-appeal guard

export function openAppealOn(
  ctx: AppContext,
  epaId: number,
): { id: number; ref: string; kind: AppealKind; status: AppealStatus } | undefined {
  return ctx.sqlite
    .prepare(
      `SELECT id, ref, kind, status FROM appeals WHERE epa_id = ? AND status NOT IN ('closed', 'withdrawn')`,
    )
    .get(epaId) as { id: number; ref: string; kind: AppealKind; status: AppealStatus } | undefined;
}

function openProblem(ctx: AppContext, epaId: number, what: string): string | null {
  const open = openAppealOn(ctx, epaId);
  if (!open) return null;
  const word = KIND_NOUN[open.kind];
  return `This EPA has an open ${word} (${open.ref}, ${STATUS_LABELS[open.status].toLowerCase()}): it cannot be ${what} until the ${word} is closed or withdrawn.`;
}

/** Registered as an EPA confirmation guard in core/hooks.ts. */
export function appealConfirmationGuard(ctx: AppContext, epaId: number): string | null {
  return openProblem(ctx, epaId, 'confirmed');
}

/** For whatever books re-sits: why this EPA cannot be booked for one now, or null. */
export function resitBookingProblem(ctx: AppContext, epaId: number): string | null {
  return openProblem(ctx, epaId, 'booked for a re-sit');
}

/** The enquiry or appeal about this decision that is still to decide its grade, if there is one. */
export function appealDecidingOn(ctx: AppContext, decisionId: number): AppealDeciding | undefined {
  return prepared(
    ctx.sqlite,
    `SELECT a.id, a.ref, a.kind, a.status, a.received_date AS receivedDate
     FROM appeal_decisions ad JOIN appeals a ON a.id = ad.appeal_id
     WHERE ad.decision_id = ? AND a.status IN (${DECIDING_SQL})
     ORDER BY a.id DESC LIMIT 1`,
  ).get(decisionId) as AppealDeciding | undefined;
}

export interface AppealDeciding {
  id: number;
  ref: string;
  kind: AppealKind;
  status: AppealStatus;
  receivedDate: string;
}

/** DECIDING_STATUSES as an SQL list, for `status IN (...)`. */
export const DECIDING_SQL = DECIDING_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * For moderation: why this decision cannot be moderated now, or null. The EPAO's decision on an
 * enquiry or appeal is final (001, 004), so while one about the decision is still to be decided
 * the grade is its to decide; a moderation would release the decision and may change the grade
 * under it. The moderation history import refuses a row dated while one is open, for the same
 * reason. Only the decisions it is about: another method's moderation is not its to decide.
 */
export function moderationAppealProblem(ctx: AppContext, decisionId: number): string | null {
  const open = appealDecidingOn(ctx, decisionId);
  if (!open) return null;
  const word = KIND_NOUN[open.kind];
  return `This decision is under ${open.kind === 'enquiry' ? 'an enquiry about results' : 'appeal'}: ${open.ref} is open, with the status ${STATUS_LABELS[open.status].toLowerCase()}. The grade is for the ${word} to decide; moderate it once the ${word} is decided or withdrawn.`;
}

/** Sampling risk: assessors whose decision had an appeal upheld (grade changed) last period. */
export const upheldAppealRisk: RiskProvider = (ctx, period) => {
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.assessor_id, count(DISTINCT a.id), group_concat(DISTINCT a.ref) FROM appeals a
       JOIN appeal_decisions ad ON ad.appeal_id = a.id JOIN decisions d ON d.id = ad.decision_id
       WHERE a.outcome IN (${UPHELD_OUTCOMES.map(() => '?').join(', ')})
         AND a.decided_on >= ? AND a.decided_on < ?
       GROUP BY d.assessor_id`,
    )
    .raw(true)
    .all(...UPHELD_OUTCOMES, period.previousFrom, period.from) as [number, number, string][];
  return new Map(
    rows.map(([id, n, refs]) => [
      id,
      [{ code: 'upheld_appeal' as const, detail: `${n} appeal(s) upheld last period: ${refs}` }],
    ]),
  );
};

// ---------------------------------------------------------------- finding an EPA to appeal

export function searchEpas(ctx: AppContext, query: string): EpaChoiceDto[] {
  const q = query.trim();
  const digits = q.replace(/\s+/g, '');
  const rows = ctx.sqlite
    .prepare(
      `SELECT e.id AS epaId, p.uln, trim(coalesce(p.given_name,'') || ' ' || coalesce(p.family_name,'')) AS apprentice,
         st.code AS standard, v.version, e.status, e.overall_grade AS overallGrade,
         (SELECT a.ref FROM appeals a WHERE a.epa_id = e.id AND a.status NOT IN ('closed','withdrawn')) AS openAppealRef,
         (SELECT max(d.assessment_date) FROM decisions d WHERE d.epa_id = e.id) AS lastAssessmentDate
       FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
       JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
       WHERE p.uln LIKE ? OR (coalesce(p.given_name,'') || ' ' || coalesce(p.family_name,'')) LIKE ?
       ORDER BY (p.uln = ?) DESC, lastAssessmentDate DESC, e.id DESC LIMIT 20`,
    )
    .all(/^\d+$/.test(digits) ? `${digits}%` : '\u0000', `%${q}%`, digits) as Omit<
    EpaChoiceDto,
    'decisions'
  >[];
  return rows.map((r) => ({ ...r, decisions: latestDecisions(ctx, r.epaId) }));
}

// ---------------------------------------------------------------- logging

export interface LogAppealInput {
  epaId: number;
  kind: AppealKind;
  type: AppealRowDto['type'];
  appellantKind: AppealRowDto['appellantKind'];
  appellantName: string;
  authorisations: Authorisation[];
  receivedDate: string;
  resultDate?: string | undefined;
  grounds: string[];
  description: string;
  decisionIds: number[];
}

function nextRef(ctx: AppContext, kind: AppealKind, receivedDate: string): string {
  const prefix = `${kind === 'enquiry' ? 'E' : 'A'}-${receivedDate.slice(0, 4)}-`;
  const last = ctx.sqlite
    .prepare(`SELECT ref FROM appeals WHERE ref LIKE ? ORDER BY ref DESC LIMIT 1`)
    .pluck()
    .get(`${prefix}%`) as string | undefined;
  const n = last ? Number(last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(3, '0')}`;
}

export function logAppeal(ctx: AppContext, input: LogAppealInput): AppealDetailDto {
  requireEditor(ctx);
  const policy = currentPolicy(ctx);
  const now = today(ctx);
  if (input.receivedDate > now)
    throw new DomainError(
      'validation',
      `The received date ${input.receivedDate} is in the future.`,
    );
  const known = new Set(policy.grounds.map((g) => g.code));
  const unknown = input.grounds.filter((g) => !known.has(g));
  if (unknown.length)
    throw new DomainError(
      'validation',
      `Unknown ground(s): ${unknown.join(', ')}. Pick from the list in the appeals policy.`,
    );
  if (
    input.appellantKind !== 'apprentice' &&
    !input.authorisations.includes('apprentice_consent')
  ) {
    throw new DomainError(
      'refused',
      `An ${input.appellantKind === 'employer' ? 'employer' : 'training provider'} can appeal on the apprentice's behalf only with the apprentice's consent: record it under authorisations.`,
    );
  }
  const id = ctx.sqlite
    .transaction(() => {
      const epa = ctx.sqlite
        .prepare(
          `SELECT e.id, e.status, e.confirmed_at AS confirmedAt,
             (SELECT max(d.assessment_date) FROM decisions d WHERE d.epa_id = e.id) AS lastAssessment
           FROM epas e WHERE e.id = ?`,
        )
        .get(input.epaId) as
        | { id: number; status: string; confirmedAt: string | null; lastAssessment: string | null }
        | undefined;
      if (!epa) throw new DomainError('not_found', `EPA ${input.epaId} does not exist.`);
      const open = openAppealOn(ctx, epa.id);
      if (open)
        throw new DomainError(
          'conflict',
          `This EPA already has an open ${KIND_NOUN[open.kind]} (${open.ref}); only one may be open at a time. Close or withdraw it first.`,
        );
      const epaDecisions = latestDecisions(ctx, epa.id);
      let decisionIds = [...new Set(input.decisionIds)];
      const all = ctx.sqlite
        .prepare('SELECT id FROM decisions WHERE epa_id = ?')
        .pluck()
        .all(epa.id) as number[];
      const foreign = decisionIds.filter((d) => !all.includes(d));
      if (foreign.length)
        throw new DomainError(
          'validation',
          `Decision(s) ${foreign.join(', ')} do not belong to this EPA.`,
        );
      if (decisionIds.length === 0 && input.type === 'result')
        decisionIds = epaDecisions.map((d) => d.decisionId);
      if (input.type === 'result' && decisionIds.length === 0)
        throw new DomainError('refused', 'This EPA has no method decisions to appeal against yet.');
      // An appeal after an enquiry about results runs from the enquiry outcome (rules.md).
      const enquiryOutcome =
        input.kind === 'appeal'
          ? (ctx.sqlite
              .prepare(
                `SELECT max(decided_on) FROM appeals WHERE epa_id = ? AND kind = 'enquiry' AND decided_on IS NOT NULL`,
              )
              .pluck()
              .get(epa.id) as string | null)
          : null;
      const resultDate =
        input.resultDate ??
        enquiryOutcome ??
        epa.confirmedAt?.slice(0, 10) ??
        epa.lastAssessment ??
        input.receivedDate;
      if (input.receivedDate < resultDate)
        throw new DomainError(
          'validation',
          `The received date ${input.receivedDate} is before the result date ${resultDate}.`,
        );
      const lodge = lodgeCheck(englandAndWales, policy, input.kind, resultDate, input.receivedDate);
      const actor = currentActor(ctx);
      const ref = nextRef(ctx, input.kind, input.receivedDate);
      const result = ctx.sqlite
        .prepare(
          `INSERT INTO appeals (ref, kind, type, epa_id, status, appellant_kind, appellant_name, authorisations_json,
             result_date, received_date, lodge_by, late, grounds_json, description, logged_by, logged_by_user_id,
             policy_version, policy_json, updated_at)
           VALUES (?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          ref,
          input.kind,
          input.type,
          epa.id,
          input.appellantKind,
          input.appellantName,
          JSON.stringify([...new Set(input.authorisations)]),
          resultDate,
          input.receivedDate,
          lodge.lodgeBy,
          lodge.late ? 1 : 0,
          JSON.stringify(input.grounds),
          input.description,
          actor.name,
          actor.userId,
          policy.version,
          JSON.stringify(policy),
          ctx.clock().toISOString(),
        );
      const appealId = Number(result.lastInsertRowid);
      const link = ctx.sqlite.prepare(
        'INSERT INTO appeal_decisions (appeal_id, decision_id) VALUES (?, ?)',
      );
      for (const d of decisionIds) link.run(appealId, d);
      writeAudit(
        ctx,
        {
          action: 'appeal.log',
          entity: 'appeal',
          entityId: appealId,
          after: {
            ref,
            kind: input.kind,
            type: input.type,
            epaId: epa.id,
            status: 'received',
            receivedDate: input.receivedDate,
            resultDate,
            lodgeBy: lodge.lodgeBy,
            late: lodge.late,
            grounds: input.grounds,
            decisionIds,
            policyVersion: policy.version,
          },
        },
        actor,
      );
      return appealId;
    })
    .immediate();
  return getAppeal(ctx, id);
}

// ---------------------------------------------------------------- transitions

const DATE_COLUMN: Partial<Record<AppealAction, string>> = {
  acknowledge: 'acknowledged_on',
  start_review: 'review_started_on',
  escalate: 'escalated_on',
  close: 'closed_on',
  withdraw: 'withdrawn_on',
};

function actionDate(ctx: AppContext, row: AppealRow, on: string | undefined): string {
  const date = on ?? today(ctx);
  if (date > today(ctx)) throw new DomainError('validation', `${date} is in the future.`);
  if (date < row.receivedDate)
    throw new DomainError(
      'validation',
      `${date} is before the appeal was received (${row.receivedDate}).`,
    );
  return date;
}

function reviewersAt(
  ctx: AppContext,
  appealId: number,
  stage: number,
): { name: string; independent: number }[] {
  return ctx.sqlite
    .prepare(
      'SELECT name, independent_of_epao AS independent FROM appeal_reviewers WHERE appeal_id = ? AND stage = ?',
    )
    .all(appealId, stage) as { name: string; independent: number }[];
}

export function transitionAppeal(
  ctx: AppContext,
  input: {
    appealId: number;
    action: Exclude<AppealAction, 'decide'>;
    on?: string | undefined;
    note?: string | undefined;
  },
): AppealDetailDto {
  requireEditor(ctx);
  ctx.sqlite
    .transaction(() => {
      const row = readAppeal(ctx, input.appealId);
      const stage = currentStage(row.kind, row.status, row.decidedStage);
      const check = checkTransition({ kind: row.kind, status: row.status, stage }, input.action);
      if (!check.ok) throw new DomainError('refused', `${row.ref}: ${check.reason}`);
      const date = actionDate(ctx, row, input.on);
      if (input.action === 'start_review' && reviewersAt(ctx, row.id, stage).length === 0) {
        throw new DomainError(
          'refused',
          `${row.ref}: assign a reviewer for ${stage === 0 ? 'the enquiry' : `stage ${stage}`} before the review starts.`,
        );
      }
      if (input.action === 'close') {
        const problem = finalDecisionProblem(ctx, row.id, row.kind, row.decidedStage ?? stage);
        if (problem) throw new DomainError('refused', `${row.ref}: ${problem}`);
      }
      const sets = [`status = ?`, `updated_at = ?`];
      const params: (string | number | null)[] = [check.to, ctx.clock().toISOString()];
      const column = DATE_COLUMN[input.action];
      if (column) {
        sets.push(`${column} = ?`);
        params.push(date);
      }
      if (input.action === 'withdraw') {
        sets.push(`outcome = 'withdrawn'`, 'outcome_reason = ?');
        params.push(input.note ?? null);
      }
      ctx.sqlite
        .prepare(`UPDATE appeals SET ${sets.join(', ')} WHERE id = ?`)
        .run(...params, row.id);
      writeAudit(ctx, {
        action: `appeal.${input.action.replace('_', '-')}`,
        entity: 'appeal',
        entityId: row.id,
        before: { status: row.status },
        after: {
          status: check.to,
          on: date,
          note: input.note ?? null,
          ...(input.action === 'withdraw' ? { outcome: 'withdrawn' } : {}),
        },
      });
    })
    .immediate();
  return getAppeal(ctx, input.appealId);
}

// ---------------------------------------------------------------- reviewers

export function assignReviewer(
  ctx: AppContext,
  input: {
    appealId: number;
    userId?: number | undefined;
    name?: string | undefined;
    independentOfEpao: boolean;
    competence?: string | undefined;
  },
): AppealDetailDto {
  requireEditor(ctx);
  ctx.sqlite
    .transaction(() => {
      const row = readAppeal(ctx, input.appealId);
      if (!isOpen(row.status) || row.status === 'decided')
        throw new DomainError(
          'refused',
          `${row.ref} is ${STATUS_LABELS[row.status].toLowerCase()}: reviewers are assigned while it is being reviewed.`,
        );
      const stage = currentStage(row.kind, row.status, row.decidedStage);
      if ((input.userId === undefined) === (input.name === undefined))
        throw new DomainError(
          'validation',
          'Pick a member of staff or type the name of an external reviewer.',
        );
      let name = input.name ?? '';
      // A name typed for an external reviewer that is a member of staff's is that member of staff:
      // otherwise typing it would record them as independent of the EPAO, and skip their
      // declared conflicts.
      const userId = input.userId ?? (input.name === undefined ? undefined : userNamed(ctx, name));
      if (userId !== undefined) {
        const user = ctx.sqlite
          .prepare('SELECT name FROM users WHERE id = ?')
          .pluck()
          .get(userId) as string | undefined;
        if (!user) throw new DomainError('not_found', `User ${userId} does not exist.`);
        name = user;
        if (input.independentOfEpao)
          throw new DomainError(
            'refused',
            `${name} uses this app as EPAO staff, so cannot be recorded as independent of the EPAO. Add the independent member by name instead.`,
          );
      }
      // One of the EPAO's own assessors is not independent of it either (finalDecisionProblem).
      const assessor =
        userId === undefined && input.independentOfEpao ? assessorNamed(ctx, name) : undefined;
      if (assessor)
        throw new DomainError(
          'refused',
          `${name} is one of the EPAO's assessors (${assessor.ref}), so cannot be recorded as independent of the EPAO.`,
        );
      const problem = reviewerProblem(ctx, {
        appealId: row.id,
        epaId: row.epaId,
        stage,
        userId: userId ?? null,
        name,
        onDate: today(ctx),
      });
      if (problem) throw new DomainError('refused', problem);
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          `INSERT INTO appeal_reviewers (appeal_id, stage, user_id, name, independent_of_epao, competence, assigned_by, assigned_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          row.id,
          stage,
          userId ?? null,
          name,
          input.independentOfEpao ? 1 : 0,
          input.competence ?? null,
          actor.name,
          ctx.clock().toISOString(),
        );
      writeAudit(
        ctx,
        {
          action: 'appeal.assign-reviewer',
          entity: 'appeal',
          entityId: row.id,
          after: {
            reviewer: name,
            userId: userId ?? null,
            stage,
            independentOfEpao: input.independentOfEpao,
            competence: input.competence ?? null,
          },
        },
        actor,
      );
    })
    .immediate();
  return getAppeal(ctx, input.appealId);
}

// ---------------------------------------------------------------- outcomes

export function decideAppeal(
  ctx: AppContext,
  input: {
    appealId: number;
    outcome: Outcome;
    reason: string;
    gradeChanges: { decisionId: number; grade: string }[];
    systemicFailure: boolean;
    systemicNote?: string | undefined;
    on?: string | undefined;
  },
): AppealDetailDto {
  requireEditor(ctx);
  ctx.sqlite
    .transaction(() => {
      const row = readAppeal(ctx, input.appealId);
      const stage = currentStage(row.kind, row.status, row.decidedStage);
      const check = checkTransition({ kind: row.kind, status: row.status, stage }, 'decide');
      if (!check.ok) throw new DomainError('refused', `${row.ref}: ${check.reason}`);
      if (input.outcome === 'withdrawn')
        throw new DomainError('refused', `${row.ref}: use Withdraw when the appellant withdraws.`);
      if (reviewersAt(ctx, row.id, stage).length === 0)
        throw new DomainError(
          'refused',
          `${row.ref}: no reviewer is recorded for ${stage === 0 ? 'the enquiry' : `stage ${stage}`}; assign one before recording the decision.`,
        );
      if (stage === 2) {
        const problem = finalDecisionProblem(ctx, row.id, row.kind, 2);
        if (problem) throw new DomainError('refused', `${row.ref}: ${problem}`);
      }
      const date = actionDate(ctx, row, input.on);
      const affected = new Map(appealDecisions(ctx, row.id).map((d) => [d.decisionId, d]));
      const changes = input.gradeChanges.filter(
        (c) => affected.get(c.decisionId)?.grade !== c.grade,
      );
      for (const c of input.gradeChanges) {
        if (!affected.has(c.decisionId))
          throw new DomainError(
            'validation',
            `Decision ${c.decisionId} is not one of the decisions this ${row.kind} is about.`,
          );
      }
      const changesGrades = input.outcome === 'upheld' || input.outcome === 'partially_upheld';
      if (!changesGrades && changes.length)
        throw new DomainError(
          'refused',
          `${row.ref}: only an upheld or partially upheld outcome changes grades; "${OUTCOME_LABELS[input.outcome]}" does not.`,
        );
      if (input.outcome === 'upheld' && row.type === 'result' && changes.length === 0)
        throw new DomainError(
          'refused',
          `${row.ref}: an upheld result ${row.kind} needs the new grade for each affected method (it may be lower as well as higher).`,
        );
      const actor = currentActor(ctx);
      const reissue = changes.length > 0 && row.epaStatus === 'confirmed';
      ctx.sqlite
        .prepare(
          `UPDATE appeals SET status = 'decided', decided_on = ?, decided_stage = ?, outcome = ?, outcome_reason = ?,
             systemic_failure = ?, systemic_note = ?, certificate_reissue = max(certificate_reissue, ?), updated_at = ?
           WHERE id = ?`,
        )
        .run(
          date,
          stage,
          input.outcome,
          input.reason,
          input.systemicFailure ? 1 : 0,
          input.systemicNote ?? null,
          reissue ? 1 : 0,
          ctx.clock().toISOString(),
          row.id,
        );
      writeAudit(
        ctx,
        {
          action: 'appeal.decide',
          entity: 'appeal',
          entityId: row.id,
          before: { status: row.status, outcome: row.outcome },
          after: {
            status: 'decided',
            stage,
            on: date,
            outcome: input.outcome,
            reason: input.reason,
            systemicFailure: input.systemicFailure,
          },
        },
        actor,
      );
      const word = KIND_NOUN[row.kind];
      const insert = ctx.sqlite.prepare(
        `INSERT INTO appeal_grade_changes (appeal_id, decision_id, old_grade, new_grade, overall_before, overall_after, changed_by, changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of changes) {
        const d = affected.get(c.decisionId) as AppealDecisionDto;
        const result = applyGradeChange(ctx, {
          decisionId: c.decisionId,
          grade: c.grade,
          reason: `${word} ${row.ref} ${OUTCOME_LABELS[input.outcome].toLowerCase()}`,
        });
        insert.run(
          row.id,
          c.decisionId,
          result.before,
          result.after,
          result.overall.before,
          result.overall.after,
          actor.name,
          ctx.clock().toISOString(),
        );
        writeAudit(
          ctx,
          {
            action: 'appeal.grade-change',
            entity: 'appeal',
            entityId: row.id,
            before: {
              decisionId: c.decisionId,
              grade: result.before,
              overall: result.overall.before,
            },
            after: {
              decisionId: c.decisionId,
              method: d.method,
              oldGrade: result.before,
              newGrade: result.after,
              overallBefore: result.overall.before,
              overallAfter: result.overall.after,
            },
          },
          actor,
        );
      }
      if (reissue) {
        writeAudit(
          ctx,
          {
            action: 'epa.certificate-reissue',
            entity: 'epa',
            entityId: row.epaId,
            after: {
              reason: `grade changed by ${word} ${row.ref} after confirmation`,
              appeal: row.ref,
            },
          },
          actor,
        );
      }
    })
    .immediate();
  return getAppeal(ctx, input.appealId);
}

// ---------------------------------------------------------------- evidence

const EVIDENCE_FOLDER = 'appeal-evidence';

/** Evidence lives in a folder beside the database, named by content hash. */
export function evidenceFolder(ctx: AppContext): string {
  return folderBesideDatabase(ctx, EVIDENCE_FOLDER);
}

export function addEvidence(
  ctx: AppContext,
  input: { appealId: number; fileName: string; base64: string },
): AppealDetailDto {
  requireEditor(ctx);
  const row = readAppeal(ctx, input.appealId);
  const stored = storeFile(ctx, {
    folder: EVIDENCE_FOLDER,
    subdir: row.ref,
    fileName: input.fileName,
    base64: input.base64,
    what: 'Evidence files',
  });
  ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          `INSERT INTO appeal_evidence (appeal_id, file_name, stored_path, sha256, size_bytes, added_by, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          row.id,
          input.fileName,
          stored.relative,
          stored.sha256,
          stored.sizeBytes,
          actor.name,
          ctx.clock().toISOString(),
        );
      writeAudit(
        ctx,
        {
          action: 'appeal.add-evidence',
          entity: 'appeal',
          entityId: row.id,
          after: { fileName: input.fileName, sha256: stored.sha256, sizeBytes: stored.sizeBytes },
        },
        actor,
      );
    })
    .immediate();
  return getAppeal(ctx, input.appealId);
}

/** An evidence file, checked against the sha256 recorded when it was attached. */
export function readEvidence(
  ctx: AppContext,
  evidenceId: number,
): { fileName: string; base64: string } {
  const row = ctx.sqlite
    .prepare(
      'SELECT file_name AS fileName, stored_path AS storedPath, sha256 FROM appeal_evidence WHERE id = ?',
    )
    .get(evidenceId) as { fileName: string; storedPath: string; sha256: string } | undefined;
  if (!row) throw new DomainError('not_found', `Evidence file ${evidenceId} does not exist.`);
  const bytes = readStoredFile(ctx, {
    folder: EVIDENCE_FOLDER,
    relative: row.storedPath,
    sha256: row.sha256,
    fileName: row.fileName,
  });
  return { fileName: row.fileName, base64: bytes.toString('base64') };
}
