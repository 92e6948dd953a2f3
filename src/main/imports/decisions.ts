/**
 * Assessor decisions: one row per method attempt. A row is refused for anything that would
 * store a wrong fact (bad ULN, unknown standard, version, method or grade, impossible or future
 * date, missing field, a second row for one decision) and kept, with compliance flags, for
 * anything IQA should look at (limits, re-sit grade cap; other domains' rules, such as an assessor's
 * standardisation or conflicts of interest, through the decisions-written hooks).
 */
import { longDate } from '@shared/imports';
import type { ComplianceIssue } from '@shared/standards';
import { recomputeOverallGrade } from '../decisions/grades';
import { prepared } from '../db/statements';
import { runDecisionsWrittenHooks } from '../decisions/hooks';
import { resitBookingProblem } from '../appeals/service';
import { AppealAuthority } from '../appeals/authority';
import { writeAudit } from '../audit/audit';
import type { AppContext } from '../core/context';
import type { ImportEnv, RowProcessor } from './env';
import {
  DecisionStore,
  deferIndexes,
  naturalSalt,
  restoreDeferred,
  type ApprenticeDetails,
  type ApprenticeState,
  type EpaState,
  epaOn,
  type StoredDecision,
} from './decisions-store';
import { EpaGrades, RowsById, WrittenLog } from './decisions-epas';
import { stampSampled } from '../sampling/hold';
import { applyDecisionChanges, compareDecision, LIMIT_FLAG_CODES } from './decisions-changes';
import { RESIT_AFTER_PASS, refreshResitAfterPassFlags } from '../decisions/resits';
import { GATEWAY_FLAG_CODES, refreshGatewayFlags } from './decisions-gateway';
import { NamedPartyConflicts } from './decisions-parties';
import { Reference, type VersionRef } from './reference';
import { rawDisplay } from './rows';
import { unpacker, type AheadBatch } from './read-ahead';
import {
  FIELD_COLUMNS,
  decisionRowParser,
  limitIssues,
  shown,
  showDecision as display,
  type DecisionInput,
} from './decisions-row';

/** The compliance flag of a re-sit or re-take graded above its cap. */
const RESIT_CAP = 'resit_above_cap';
/** A decision's stored limit flags (refreshLimitFlags). */
const HELD_LIMIT_FLAGS = `SELECT id, code, message FROM compliance_flags WHERE decision_id = ?
  AND code IN (${LIMIT_FLAG_CODES.map(() => '?').join(',')})`;

export function decisionsProcessor(env: ImportEnv, expectedRows: number): RowProcessor {
  const ctx = env.ctx;
  const reference = new Reference(ctx);
  const store = new DecisionStore(ctx, reference, expectedRows);
  const deferred = env.bulk ? deferIndexes(ctx) : [];
  const firstFlag = lastFlagId(ctx);
  const newRows = new RowsById();
  const existingRows = new Map<number, number>();
  const newEpas = new EpaGrades(reference.maxMethods);
  const touchedEpas = new Set<number>();
  /** Plans whose queue a re-graded decision went back into: their items are stamped once, at the end. */
  const reopenedPlans = new Set<number>();
  const namedParties = new NamedPartyConflicts(ctx, reference);
  // What enquiries and appeals allow a re-import to do to a grade (prepared once per import).
  let appeals: AppealAuthority | undefined;
  // EPAs whose gateway date this file corrected.
  const regated = new Set<number>();
  // EPAs that may hold a re-sit of a method already passed: the source changed an attempt's
  // grade (flags are raised and cleared), or a later attempt, or one of a stored EPA, was added
  // (flags are raised only: one a grade changed in the app kept stays, as grades.ts keeps it).
  // Each with the first row that did, on which a flag of an attempt the file lacks is reported.
  const resat = new Map<number, number>();
  const resatAdded = new Map<number, number>();
  // The row that gave each EPA its gateway date in this file (stored EPAs' ids included).
  const gatewayRows = new RowsById(1);
  // Why an existing EPA cannot take a re-sit now (an open appeal), asked once per EPA.
  const resitProblems = new Map<number, string | null>();
  const written = new WrittenLog(expectedRows);
  /**
   * Stored apprentices whose employer or provider this file recorded, with the row that did: the
   * conflict-of-interest flags of their decisions the file does not write are checked again.
   */
  const partiesFilled = new Map<number, number>();
  /**
   * A changed decision's flags before the change ("code|message"), with its row: a flag the
   * change clears (by the row's checks, or the hooks' after the last row) is noted on the row.
   */
  const flagsBefore = new Map<number, { row: number; flags: string[] }>();
  const parse = decisionRowParser(env, reference, (uln, standardId) =>
    store.latestVersion(store.apprentice(uln), standardId),
  );
  const HOOK_FIELD_COLUMNS: Record<string, string> = {
    ...FIELD_COLUMNS,
    assessorId: 'assessor_ref',
  };

  /** `issues`: the row's limit issues, if the reader thread already found them. */
  /**
   * Raises the row's limit flags and reports each on the row. `held`, a changed row's flags
   * already stored (by code and message), are kept as they are instead of raised again: when
   * they were raised stays, and they are not counted as new. What is left in it is no longer due.
   */
  function raiseFlags(
    d: DecisionInput,
    decisionId: number,
    issues?: ComplianceIssue[],
    held?: Map<string, number>,
  ): void {
    for (const issue of issues ?? limitIssues(d)) {
      if (!held?.delete(`${issue.code}|${issue.message}`))
        store.insertFlag(decisionId, issue.code, issue.field, issue.message);
      const column = FIELD_COLUMNS[issue.field] ?? issue.field;
      env.problem(d.row, column, shown(d, column), issue.message, true);
    }
  }

  /** A changed row's limit flags, brought up to date (see raiseFlags). */
  function refreshLimitFlags(
    d: DecisionInput,
    decisionId: number,
    issues: ComplianceIssue[] | undefined,
    appGradeStands: boolean,
  ): void {
    const stored = prepared(ctx.sqlite, HELD_LIMIT_FLAGS, 'raw').all(
      decisionId,
      ...LIMIT_FLAG_CODES,
    ) as [number, string, string][];
    const held = new Map(stored.map(([id, code, message]) => [`${code}|${message}`, id]));
    raiseFlags(d, decisionId, issues, held);
    const clear = prepared(ctx.sqlite, 'DELETE FROM compliance_flags WHERE id = ?');
    for (const [key, id] of held) {
      // A grade changed in the app keeps the cap flag it had, as the app keeps it (grades.ts):
      // what was flagged is not rewritten by a later judgement, nor by a row that repeats it.
      if (appGradeStands && key.startsWith(`${RESIT_CAP}|`)) continue;
      clear.run(id);
    }
  }

  /**
   * A row without a gateway date is checked against its EPA's stored one (the 3-month EPA
   * period): the issues checked without it, by the reader thread too, are checked again.
   */
  function withEpaGateway(
    d: DecisionInput,
    epa: EpaState | undefined,
    issues: ComplianceIssue[] | undefined,
  ): ComplianceIssue[] | undefined {
    if (d.gateway !== null || !epa || epa.gateway === null) return issues;
    d.gateway = epa.gateway;
    return undefined;
  }

  /** A first gateway date for the EPA, or a correction (audited, and its attempts re-flagged). */
  function setGateway(epa: EpaState, gateway: string, row: number): void {
    if (epa.gateway !== null) {
      writeAudit(ctx, {
        action: 'epa.import-update',
        entity: 'epa',
        entityId: epa.id,
        before: { gatewayDate: epa.gateway },
        after: {
          gatewayDate: gateway,
          reason: `import batch ${env.batchId} (${env.fileName}, row ${row})`,
        },
      });
    }
    // A first gateway date moves the EPA period too: attempts stored before it (earlier in this
    // file, or by an earlier import) were never checked against one.
    regated.add(epa.id);
    store.writeGateway(epa, gateway);
  }

  /**
   * A file gives an EPA one gateway date: the first row that gives one. A later row that gives
   * another is told, and judged on the date kept (true: its limit issues must be worked out
   * again). Letting each row win in turn made a file that disagrees with itself move the
   * gateway back and forth on every import of it, never unchanged.
   */
  function keepFileGateway(d: DecisionInput, epa: EpaState): boolean {
    if (d.gateway === null || epa.gateway === null || d.gateway === epa.gateway) return false;
    const first = gatewayRows.get(epa.id);
    if (first === undefined) return false;
    env.problem(
      d.row,
      'gateway_date',
      d.gateway,
      `row ${first} of this file gives this EPA's gateway as ${longDate(epa.gateway)}; that date was kept, and this row is checked against it`,
      true,
    );
    d.gateway = epa.gateway;
    return true;
  }

  /** The first row of the file that gives the EPA a gateway date, once the row is accepted. */
  function noteGatewayRow(d: DecisionInput, epa: EpaState): void {
    if (d.gateway !== null && gatewayRows.get(epa.id) === undefined) gatewayRows.set(epa.id, d.row);
  }

  /** A conflict of interest with a party the row names that the apprentice is not recorded with. */
  function flagNamedParties(
    d: DecisionInput,
    apprentice: ApprenticeState | undefined,
    decisionId: number,
    assessorId: number,
    clearStale = false,
  ): void {
    const message = apprentice && namedParties.check(d, apprentice, assessorId);
    // A changed row's conflict flag no longer due goes; one still due stays as it was (not
    // raised again, so not counted as new).
    if (clearStale)
      prepared(
        ctx.sqlite,
        "DELETE FROM compliance_flags WHERE decision_id = ? AND code = 'assessor_conflict' AND message IS NOT ?",
      ).run(decisionId, message || null);
    if (!message) return;
    // An unchanged row keeps its flags, so one already raised by an earlier import is held.
    const held = prepared(
      ctx.sqlite,
      "SELECT 1 FROM compliance_flags WHERE decision_id = ? AND code = 'assessor_conflict' AND message = ?",
    ).get(decisionId, message);
    if (held) return;
    store.insertFlag(decisionId, 'assessor_conflict', 'assessorId', message);
    env.problem(d.row, 'assessor_ref', d.assessorRef, message, true);
  }

  /** The row's earlier twin in this file, if it resolved to a decision already seen. */
  function seenAt(id: number): number | undefined {
    return newRows.get(id) ?? existingRows.get(id);
  }

  /**
   * `byNaturalKey`: the earlier row was found by apprentice, method and attempt (not by this
   * row's reference), with `firstRef` as its reference if it had one.
   */
  function duplicate(
    d: DecisionInput,
    first: number,
    byNaturalKey: boolean,
    firstRef: string | null = null,
  ): void {
    const natural = `ULN ${d.uln}, ${d.method} attempt ${d.attempt}`;
    const what =
      byNaturalKey || !d.ref
        ? `${natural}${firstRef ? `, there with decision_ref ${firstRef}` : ''}`
        : `decision_ref ${d.ref}`;
    env.problem(
      d.row,
      d.ref ? 'decision_ref' : 'uln',
      d.ref ?? d.uln,
      `row ${first} is the same decision (${what}); a file may hold each decision once`,
    );
    env.outcome(d.row, 'rejected', display(d));
  }

  /**
   * An EPA of this apprentice, not yet confirmed, on another version of the row's standard: a
   * row naming a second version is a mistake in the file, and would split one EPA in two, each
   * without an overall grade. (After a confirmed result, a new EPA on another version may start.)
   */
  function openEpaOnAnotherVersion(a: ApprenticeState, v: VersionRef): EpaState | undefined {
    return a.epas.find(
      (e) =>
        e.status !== 'confirmed' &&
        e.versionId !== v.row.id &&
        reference.versionsById.get(e.versionId)?.standardId === v.standardId,
    );
  }

  /** Completes the apprentice's record from a row; see partiesFilled. */
  function fillApprentice(a: ApprenticeState, details: ApprenticeDetails, row: number): void {
    if (store.fillApprentice(a, details) && !a.isNew && !partiesFilled.has(a.id))
      partiesFilled.set(a.id, row);
  }

  /**
   * What a re-imported row adds to a stored apprentice's record, as a new row would, in words
   * ("given name Zoë"): a fuller export of decisions already imported completes the record (once;
   * then the row is unchanged).
   */
  function completeApprentice(d: DecisionInput, a: ApprenticeState): string[] {
    const names = { givenName: d.givenName, familyName: d.familyName };
    const words = store.namesToFill(a, names);
    const employerId =
      d.employer && store.lacks(a, 'employer') ? store.employerId(d.employer) : null;
    if (employerId !== null) words.push(`employer ${d.employer}`);
    const providerId =
      d.ukprn && store.lacks(a, 'provider') ? store.providerId(d.ukprn, d.providerName) : null;
    if (providerId !== null) words.push(`provider (UKPRN ${d.ukprn})`);
    if (words.length > 0) fillApprentice(a, { ...names, employerId, providerId }, d.row);
    return words;
  }

  /**
   * The stored decisions of apprentices whose employer or provider this file recorded, other than
   * those it wrote (the hooks checked those), checked again for conflicts of interest. Returns
   * each with the row that recorded the party, on which its flags are reported.
   */
  function recheckParties(): Map<number, number> {
    const rows = new Map<number, number>();
    if (partiesFilled.size === 0) return rows;
    const writtenIds = new Set(written.written());
    const stored = ctx.sqlite
      .prepare(
        `SELECT d.id, e.apprentice_id FROM decisions d JOIN epas e ON e.id = d.epa_id
         WHERE e.apprentice_id IN (SELECT value FROM json_each(?)) ORDER BY d.id`,
      )
      .raw(true)
      .all(JSON.stringify([...partiesFilled.keys()])) as [number, number][];
    for (const [id, apprenticeId] of stored) {
      if (!writtenIds.has(id)) rows.set(id, partiesFilled.get(apprenticeId) as number);
    }
    runDecisionsWrittenHooks(ctx, [...rows.keys()]);
    return rows;
  }

  /** A decision's flags, each as "code|message". */
  function flagKeys(decisionId: number): string[] {
    return prepared(
      ctx.sqlite,
      "SELECT code || '|' || message FROM compliance_flags WHERE decision_id = ?",
      'pluck',
    ).all(decisionId) as string[];
  }

  /**
   * Each flag a changed row's decision no longer has, as a note on the row. A flag whose wording
   * changed with the row (an observation of 85 minutes, not 80) was restated, not cleared: the
   * new wording is already a warning.
   */
  function noteClearedFlags(): void {
    const codeOf = (flag: string): string => flag.slice(0, flag.indexOf('|'));
    for (const [id, { row, flags }] of flagsBefore) {
      const now = flagKeys(id);
      const still = new Set(now);
      const raised = now.filter((f) => !flags.includes(f)).map(codeOf);
      for (const flag of flags) {
        if (still.has(flag)) continue;
        const restated = raised.indexOf(codeOf(flag));
        if (restated >= 0) raised.splice(restated, 1);
        else env.note(row, `Flag cleared: ${flag.slice(flag.indexOf('|') + 1)}`);
      }
    }
  }

  /**
   * The row's assessor if already on record, named as stored: one an earlier row added too (the
   * reader thread's list predates them), as the row would be had this thread checked it.
   */
  function knownAssessor(d: DecisionInput): void {
    if (d.assessorId !== null) return;
    const known = reference.assessor(d.assessorRef);
    if (!known) return;
    d.assessorRef = known.ref;
    d.assessorId = known.id;
  }

  /** The row's assessor, added now if the import brings them: only once the row is written. */
  function assessorOf(d: DecisionInput): number {
    knownAssessor(d);
    d.assessorId ??= store.createAssessor(d.assessorRef, d.assessorName);
    return d.assessorId;
  }

  /**
   * Why a new attempt cannot be added to the apprentice's EPA, reported on the row; false when it
   * can. Checked before the row records anything (an employer, a name), since a rejected row
   * writes nothing.
   */
  function refusesAttempt(
    d: DecisionInput,
    apprentice: ApprenticeState,
    epa: EpaState | undefined,
  ): boolean {
    if (epa?.status === 'confirmed') {
      env.problem(
        d.row,
        'uln',
        d.uln,
        `the EPA of ULN ${d.uln} on ${d.version.row.code} is confirmed; a new attempt cannot be added to a confirmed result`,
      );
      return true;
    }
    if (epa && !epa.isNew && d.attempt > 1) {
      if (!resitProblems.has(epa.id)) resitProblems.set(epa.id, resitBookingProblem(ctx, epa.id));
      const problem = resitProblems.get(epa.id);
      if (problem) {
        env.problem(d.row, 'attempt', String(d.attempt), problem);
        return true;
      }
    }
    const open = epa ? undefined : openEpaOnAnotherVersion(apprentice, d.version);
    if (open) {
      const on = reference.versionsById.get(open.versionId);
      const where = open.isNew ? 'an earlier row of this file gives it' : 'it is recorded';
      env.problem(
        d.row,
        'standard_version',
        d.version.def.version,
        `ULN ${d.uln}'s EPA on ${d.version.row.code} is on v${on?.def.version ?? '?'} (${where}), not v${d.version.def.version}; an EPA is on one version, so correct standard_version or leave it empty`,
      );
      return true;
    }
    return false;
  }

  function insertNew(d: DecisionInput, issues?: ComplianceIssue[]): void {
    let apprentice = store.apprentice(d.uln);
    let epa: EpaState | undefined = apprentice && epaOn(apprentice, d.version.row.id);
    if (apprentice && refusesAttempt(d, apprentice, epa)) {
      env.outcome(d.row, 'rejected', display(d));
      return;
    }
    const employerId = d.employer ? store.employerId(d.employer) : null;
    const providerId = d.ukprn ? store.providerId(d.ukprn, d.providerName) : null;
    if (d.providerName && !d.ukprn) {
      env.problem(
        d.row,
        'provider_name',
        d.providerName,
        'provider_name without provider_ukprn: the provider was not recorded',
        true,
      );
    }
    const details = { givenName: d.givenName, familyName: d.familyName, employerId, providerId };
    if (apprentice) fillApprentice(apprentice, details, d.row);
    else apprentice = store.createApprentice(d.uln, details);
    if (!epa) {
      epa = store.createEpa(apprentice, d.version.row.id, d.gateway);
      newEpas.register(epa.id, d.version);
    } else {
      if (keepFileGateway(d, epa)) issues = undefined;
      else if (d.gateway !== null && epa.gateway !== d.gateway) setGateway(epa, d.gateway, d.row);
      if (!epa.isNew) touchedEpas.add(epa.id);
    }
    noteGatewayRow(d, epa);
    // A new EPA's attempts are all in this file: which can hold a re-sit after a pass is known
    // from them at the end (newEpas), without asking the database about every one.
    if (!epa.isNew && !resatAdded.has(epa.id)) resatAdded.set(epa.id, d.row);
    const assessorId = assessorOf(d);
    const id = store.insertDecision([
      epa.id,
      d.ref,
      d.version.row.methodIds.get(d.method),
      d.attempt,
      assessorId,
      d.date,
      d.grade,
      d.grade,
      d.durationMinutes,
      d.questioningMinutes,
      d.wordCount,
      d.evidencePieces,
      d.ec ? 1 : 0,
      env.batchId,
    ]);
    store.remember(d.ref, d.uln, naturalSalt(d.version.standardId, d.method, d.attempt));
    newRows.set(id, d.row);
    written.add(id, assessorId, d.version.row.id, apprentice.id, d.date);
    if (epa.isNew) newEpas.record(epa.id, d.version, d.method, d.attempt, d.grade);
    raiseFlags(d, id, withEpaGateway(d, epa, issues));
    flagNamedParties(d, apprentice, id, assessorId);
    env.outcome(d.row, 'new', display(d));
  }

  function update(d: DecisionInput, stored: StoredDecision, issues?: ComplianceIssue[]): void {
    existingRows.set(stored.id, d.row);
    const apprentice = store.apprentice(d.uln);
    const epa = apprentice && epaOn(apprentice, stored.versionId);
    // A new assessor the row names is added only once the row is taken (below): a rejected row
    // writes nothing.
    knownAssessor(d);
    const kept = epa !== undefined && keepFileGateway(d, epa);
    const checked = withEpaGateway(d, epa, kept ? undefined : issues);
    // compareDecision keeps the stored grade in d when the app's grade stands.
    const fileGrade = d.grade;
    appeals ??= new AppealAuthority(ctx);
    const diff = compareDecision(env, d, stored, epa, reference, appeals);
    if (typeof diff === 'string') {
      env.problem(d.row, d.ref ? 'decision_ref' : 'uln', d.ref ?? d.uln, diff);
      env.outcome(d.row, 'rejected', display(d));
      return;
    }
    const assessorId = assessorOf(d);
    // The grade the source gives now, for the next import to compare with. Unless the grade
    // changed with it (audited below), this is bookkeeping, not a change: the grade the file
    // gives is the grade the decision has, or one the app changed since, which stands.
    if (fileGrade !== stored.sourceGrade) store.writeSourceGrade(stored.id, fileGrade);
    if (epa) noteGatewayRow(d, epa);
    const filled = apprentice ? completeApprentice(d, apprentice) : [];
    if (filled.length > 0)
      env.note(d.row, `Apprentice's ${filled.join(', ')} recorded (the record had none)`);
    if (diff.changes.length === 0) {
      // A party the row names may be one the assessor declared a conflict with since.
      flagNamedParties(d, apprentice, stored.id, assessorId);
      env.outcome(d.row, filled.length > 0 ? 'changed' : 'unchanged', display(d));
      return;
    }
    const held = flagKeys(stored.id);
    if (held.length > 0) flagsBefore.set(stored.id, { row: d.row, flags: held });
    applyDecisionChanges(env, d, stored, diff, reopenedPlans);
    if (diff.gradeChanged && !resat.has(stored.epaId)) resat.set(stored.epaId, d.row);
    // A reference the row gave the decision: a later row giving it too is the same decision.
    if (stored.decisionRef === null && d.ref !== null) store.rememberRef(d.ref);
    if (epa && d.gateway !== null && epa.gateway !== d.gateway) setGateway(epa, d.gateway, d.row);
    written.changed(stored.id);
    // The reader thread checked the file's grade: where the app's grade stands, checked again.
    const appGradeStands = d.grade !== fileGrade;
    // Likewise where a stored value stood in for a blank or missing one.
    const recheck = appGradeStands || diff.keptStored;
    refreshLimitFlags(d, stored.id, recheck ? undefined : checked, appGradeStands);
    flagNamedParties(d, apprentice, stored.id, assessorId, true);
    env.outcome(d.row, 'changed', display(d));
  }

  /** A row that passed its checks: a new decision, a change, a duplicate or a conflict. */
  function accept(d: DecisionInput, issues?: ComplianceIssue[]): void {
    const n = d.row;
    const byRef = d.ref ? store.byRef(d.ref) : undefined;
    const byNatural = byRef
      ? undefined
      : store.byNatural(d.uln, d.version.standardId, d.method, d.attempt);
    if (byNatural && d.ref && byNatural.decisionRef && byNatural.decisionRef !== d.ref) {
      const first = seenAt(byNatural.id);
      if (first !== undefined) return duplicate(d, first, true, byNatural.decisionRef);
      env.problem(
        n,
        'decision_ref',
        d.ref,
        `ULN ${d.uln} already has ${d.method} attempt ${d.attempt} on ${d.version.row.code}, stored as decision_ref ${byNatural.decisionRef}; two references cannot name one decision`,
      );
      env.outcome(n, 'rejected', display(d));
      return;
    }
    const stored = byRef ?? byNatural;
    if (!stored) return insertNew(d, issues);
    const first = seenAt(stored.id);
    if (first !== undefined) return duplicate(d, first, !byRef, stored.decisionRef);
    update(d, stored, issues);
  }

  function row(n: number, v: readonly string[]): void {
    const d = parse(n, v);
    if (d) accept(d);
    else env.outcome(n, 'rejected', rawDisplay(env, v));
  }

  let unpack: ((batch: AheadBatch) => void) | undefined;
  return {
    row,
    ahead(batch, feed) {
      unpack ??= unpacker(reference, env.columns.length, {
        raw: row,
        checked: accept,
        malformed: feed.malformed,
        beyond: feed.beyond,
      });
      unpack(batch);
    },
    finish() {
      env.finishing('Working out overall EPA grades');
      newEpas.finish(ctx);
      // EPAs that existed before this import, with a new attempt added: through the shared
      // rule, so their audit trail shows the overall grade moving.
      for (const epaId of touchedEpas) recomputeOverallGrade(ctx, epaId);
      for (const planId of reopenedPlans) stampSampled(ctx, planId);
      // After the EPAs' statuses are set (so their index is built once, not updated per EPA),
      // before other domains' hooks (which may read through any index or roll-up).
      restoreDeferred(ctx, deferred, (i, n) =>
        env.finishing(`Updating the indexes the dashboards and queues use (${i} of ${n})`),
      );
      // Other domains' rules (standardisation: lapsed, never standardised, an ineligible or
      // conflicted assessor) flag decisions through the hooks; the report names each on its row.
      const lastFlag = lastFlagId(ctx);
      // A corrected gateway moves the EPA period for attempts this file does not repeat too, and
      // a grade changed or an attempt added can make one the file lacks a re-sit after a pass;
      // their flags are reported below with the hooks', on the row that moved them.
      refreshGatewayFlags(ctx, regated);
      refreshResitAfterPassFlags(ctx, resat.keys());
      refreshResitAfterPassFlags(
        ctx,
        [...resatAdded.keys()]
          .filter((id) => !resat.has(id))
          .concat([...newEpas.resitsAfterPass()]),
        { raiseOnly: true },
      );
      env.finishing("Checking assessors' standardisation, eligibility and conflicts of interest");
      runDecisionsWrittenHooks(ctx, written.written(), written.facts());
      const rechecked = recheckParties();
      // The assessor's ref, the date or the attempt is the value a flag is about (the report
      // would otherwise show the cell as empty).
      const raisedSql = `SELECT f.id, f.decision_id AS decisionId, f.field, f.message,
           a.ref AS assessorRef, d.decision_ref AS ref, d.assessment_date AS assessed, d.attempt,
           d.epa_id AS epaId, f.code
         FROM compliance_flags f
         JOIN decisions d ON d.id = f.decision_id JOIN assessors a ON a.id = d.assessor_id`;
      interface Raised {
        id: number;
        decisionId: number;
        field: string;
        message: string;
        assessorRef: string;
        ref: string | null;
        assessed: string;
        attempt: number;
        epaId: number;
        code: string;
      }
      /** The row that moved a flag of a decision the file lacks, other than a party's. */
      const movedBy = (code: string, epaId: number): number | undefined =>
        (GATEWAY_FLAG_CODES as readonly string[]).includes(code)
          ? gatewayRows.get(epaId)
          : code === RESIT_AFTER_PASS
            ? (resat.get(epaId) ?? resatAdded.get(epaId))
            : undefined;
      const report = (f: Raised): void => {
        const own = seenAt(f.decisionId);
        const row = own ?? rechecked.get(f.decisionId) ?? movedBy(f.code, f.epaId);
        if (row === undefined) return;
        const value =
          f.field === 'assessorId'
            ? f.assessorRef
            : f.field === 'assessmentDate'
              ? f.assessed
              : f.field === 'attempt'
                ? String(f.attempt)
                : '';
        // A decision this file does not hold is named: the row recorded its party, its EPA's
        // gateway or another of its attempts.
        const about =
          own === undefined ? `decision ${f.ref ?? `id ${f.decisionId}`} (not in this file): ` : '';
        env.problem(row, HOOK_FIELD_COLUMNS[f.field] ?? f.field, value, about + f.message, true);
      };
      // A grade the file changed re-checked its EPA's other attempts as it was applied (through
      // applyGradeChange, before the steps above): the re-sit flags that raised are still due if
      // the refresh above kept them.
      if (resat.size > 0) {
        const earlier = ctx.sqlite
          .prepare(`${raisedSql} WHERE f.id > ? AND f.id <= ? AND f.code = ? ORDER BY f.id`)
          .all(firstFlag, lastFlag, RESIT_AFTER_PASS) as Raised[];
        earlier.forEach(report);
      }
      // Read in pages, not gathered: a file of unstandardised assessors raises a flag on every
      // row, and the report is written while reading (so the rows cannot be iterated).
      const page = ctx.sqlite.prepare(`${raisedSql} WHERE f.id > ? ORDER BY f.id LIMIT 5000`);
      for (let after = lastFlag; ;) {
        const raised = page.all(after) as Raised[];
        if (raised.length === 0) break;
        raised.forEach(report);
        after = (raised.at(-1) as Raised).id;
      }
      noteClearedFlags();
      env.created(store.created);
    },
  };
}

function lastFlagId(ctx: AppContext): number {
  return ctx.sqlite
    .prepare('SELECT coalesce(max(id), 0) FROM compliance_flags')
    .pluck()
    .get() as number;
}
