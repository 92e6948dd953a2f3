/**
 * Moderation history: moderation done before IQA Desk (or in another system). This module is the
 * row processor: it checks each row, puts the file's rows in the order they apply, works out
 * which recorded moderation a row comes before, and writes the records. Who the moderator is
 * lives in moderation-people.ts and what enquiries and appeals allow in appeals/authority.ts:
 * each prepares its statements once per import and is asked about each row.
 *
 * Each row becomes a moderation record like one saved in the app (source 'import'), with the
 * decision snapshot, the grade change through applyGradeChange and the release from hold, so
 * agreement statistics, sampling risk and the queue treat it exactly as in-app moderation. A
 * record whose grade differs keeps no outcome: the file says what the grade became, not why. A
 * row correcting its stored record is judged against the grade that record judged, not the grade
 * it left: corrected to it, the record is agreed, shown so, and raises no sample.
 *
 * Rows are history, so each decision's apply in date order whatever the file's order (rows of
 * one date in file order): a file listing a decision's moderations newest first gives the same
 * records as one listing them oldest first. A moderation older than one already recorded for the
 * decision (in the app, or by an earlier import) cannot have overridden it. It is kept as
 * history, set aside (superseded_by names the later record), and changes neither the grade, the
 * status nor the overall grade. Of one date, the later moderations are those of rows the file
 * lists after the row whose records already exist and, for a row correcting its stored record,
 * those recorded after that record: a corrected row leaves the grade a fresh import of the
 * corrected file gives. A row older than the re-grade that sent its decision back to IQA
 * (held_again) is refused: it judged the grade before, which has changed since. So is one not
 * after the final say of an enquiry or appeal on its grade, or dated while one is still deciding
 * it (AppealAuthority).
 *
 * The moderator is a person, however a row gives them (Moderators), and never the decision's own
 * assessor, nor someone who declared a conflict with its apprentice, employer or provider in
 * force on the date: the app's independence rule (conflictOn), so history cannot record what the
 * app would refuse. A row that is its stored record as it stands (same grade and feedback) is the
 * exception: the conflict was declared since, refusing the row would not remove the record, and
 * would refuse every re-import of its file, so it is kept unchanged with a warning to review it.
 */
import { englishDate } from '@shared/calendar/englishDate';
import { longDate, nameKey, parseActivity } from '@shared/imports';
import { conflictOn } from '@shared/standardisation/eligibility';
import { resolveGrade } from '@shared/standards';
import { writeAudit } from '../audit/audit';
import { applyGradeChange } from '../decisions/grades';
import { escalate } from '../moderation/escalate';
import { readDecision, type DecisionRow as Moderated } from '../moderation/records';
import { REGRADED_FLAG, settleRegraded } from '../moderation/reopen';
import { publishedPlanFor } from '../sampling/hold';
import { setDecisionStatus } from '../sampling/plans';
import { versionDefinition } from '../standards/load';
import type { ImportEnv, RowProcessor } from './env';
import { AppealAuthority } from '../appeals/authority';
import { Moderators, type Moderator, type UserRow } from './moderation-people';
import {
  columnIndex,
  dateCheck,
  EARLIEST_EPA_DATE,
  epaDate,
  unusableCells,
  rawDisplay,
} from './rows';

const C = columnIndex('moderation');

interface DecisionRow {
  id: number;
  grade: string;
  status: string;
  assessorId: number;
  assessorName: string;
  assessmentDate: string;
  versionId: number;
  epaStatus: string;
  /** The parties a moderator may have declared a conflict with, as the apprentice is recorded. */
  uln: string;
  employer: string | null;
  providerUkprn: string | null;
}

interface StoredRecord {
  id: number;
  moderator: string;
  originalGrade: string;
  grade: string;
  outcome: string | null;
  feedback: string;
  source: string;
  /** Why the record was set aside (a later grade change), if it was. */
  superseded: string | null;
  /** The later record it is older than, when it was kept as history for that reason. */
  supersededBy: number | null;
}

/** A moderation recorded for the decision that a row comes before, so cannot override. */
interface LaterRecord {
  id: number;
  date: string;
  moderator: string;
  /**
   * Set when it is of the row's own date: the record of a row this file lists after the row
   * ('listed'), or one recorded after the row's own stored record ('recorded').
   */
  sameDate?: 'listed' | 'recorded';
}

/** Rows read before one is applied: the file's rows are applied in date order. */
interface HeldRow {
  ref: string;
  date: string;
  n: number;
  values: string;
}

const HELD_PAGE = 500;

/**
 * The history gives the grades, not the reason for a change. Agreement is certain; for a
 * change, borderline judgement and misapplied criteria mean different things for the assessor,
 * and referral back would not apply the grade, so the outcome is left unrecorded (shown as
 * "Outcome not recorded (imported)"). Statistics and the disagreement risk count the change from
 * the grades themselves.
 */
function importedOutcome(originalGrade: string, moderatedGrade: string): 'agreed' | null {
  return moderatedGrade === originalGrade ? 'agreed' : null;
}

export function moderationProcessor(env: ImportEnv): RowProcessor {
  const s = env.ctx.sqlite;
  const people = new Moderators(env.ctx);
  const decision = s.prepare(
    `SELECT d.id, d.grade, d.status, d.assessor_id AS assessorId, a.name AS assessorName,
       d.assessment_date AS assessmentDate, e.standard_version_id AS versionId, e.status AS epaStatus,
       p.uln, emp.name AS employer, pr.ukprn AS providerUkprn
     FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN assessors a ON a.id = d.assessor_id
       JOIN apprentices p ON p.id = e.apprentice_id LEFT JOIN employers emp ON emp.id = p.employer_id
       LEFT JOIN providers pr ON pr.id = p.provider_id
     WHERE d.decision_ref = ?`,
  );
  // The decision's records of a date and activity; the moderator is matched by nameKey here, not
  // in SQL, whose lower() folds only ASCII capitals (É would never match é).
  const sameDay = s.prepare(
    `SELECT id, moderator_name AS moderator, original_grade AS originalGrade,
       moderated_grade AS grade, outcome, coalesce(feedback, '') AS feedback, source,
       superseded_reason AS superseded, superseded_by AS supersededBy FROM moderation_records
     WHERE decision_id = ? AND moderation_date = ? AND activity = ? ORDER BY id`,
  );
  /**
   * The record of this moderation (decision, date, activity, and the moderator by any text that
   * names them: a record stored under an assessor's reference before references were read as
   * the assessor is still theirs, so the same file again adds nothing).
   */
  const existing = (
    decisionId: number,
    date: string,
    moderator: Moderator,
    activity: string,
  ): StoredRecord | undefined =>
    (sameDay.all(decisionId, date, activity) as StoredRecord[]).find((r) =>
      moderator.keys.has(nameKey(r.moderator)),
    );
  // Any record counts, set aside or not: a moderation older than one set aside by a re-grade is
  // older still than the grade now awaiting moderation, and must not release it.
  const latestAfter = s.prepare(
    `SELECT id, moderation_date AS date, moderator_name AS moderator FROM moderation_records
     WHERE decision_id = ? AND moderation_date > ? AND id <> ?
     ORDER BY moderation_date DESC, id DESC LIMIT 1`,
  );
  // Of one date, a record written after a row's stored one came after it (file order, then
  // imports and the app in the order they wrote).
  const recordedAfter = s.prepare(
    `SELECT id, moderation_date AS date, moderator_name AS moderator FROM moderation_records
     WHERE decision_id = ? AND moderation_date = ? AND id > ? ORDER BY id DESC LIMIT 1`,
  );
  // The grade the next moderation after a date judged: the grade that stood on that date, as
  // far as the records tell (nothing recorded changed it in between).
  const gradeJudgedAfter = s
    .prepare(
      `SELECT original_grade FROM moderation_records WHERE decision_id = ? AND moderation_date > ?
       ORDER BY moderation_date, id LIMIT 1`,
    )
    .pluck();
  const flags = s
    .prepare('SELECT message FROM compliance_flags WHERE decision_id = ? ORDER BY id')
    .pluck();
  // When the decision was last re-graded after its moderation or release, while IQA has yet to
  // moderate it again (the flag goes when it is).
  const regradedAt = s
    .prepare(
      `SELECT max(created_at) FROM compliance_flags WHERE decision_id = ? AND code = '${REGRADED_FLAG}'`,
    )
    .pluck();
  const appeals = new AppealAuthority(env.ctx);
  const updateRecord = s.prepare(
    'UPDATE moderation_records SET moderated_grade = ?, outcome = ?, feedback = ? WHERE id = ?',
  );
  // Set aside as it is written, so the triggers never count it as settling its decision.
  const insert = s.prepare(
    `INSERT INTO moderation_records (decision_id, moderator_user_id, moderator_name, moderation_date, activity,
       original_grade, moderated_grade, outcome, feedback, snapshot_json, source, import_batch_id,
       superseded_at, superseded_reason, superseded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)`,
  );
  const seen = new Map<string, number>();
  // The rows wait in a temporary table (memory stays flat however long the file) and are then
  // applied decision by decision, each decision's by date, so no row of the file is applied
  // before an older one of its decision. Decision by decision, not all by date: an export lists
  // decisions roughly in the order they were stored, and reading them so is about 10% faster.
  s.exec(`CREATE TEMP TABLE IF NOT EXISTS moderation_import_rows (
      ref TEXT NOT NULL, sort_date TEXT NOT NULL, n INTEGER NOT NULL, vals TEXT NOT NULL,
      PRIMARY KEY (ref, sort_date, n)) WITHOUT ROWID`);
  s.exec('DELETE FROM temp.moderation_import_rows');
  const hold = s.prepare('INSERT INTO temp.moderation_import_rows VALUES (?, ?, ?, ?)');
  const heldAfter = s.prepare(
    `SELECT ref, sort_date AS date, n, vals AS "values" FROM temp.moderation_import_rows
     WHERE (ref, sort_date, n) > (?, ?, ?) ORDER BY ref, sort_date, n LIMIT ${HELD_PAGE}`,
  );
  // The rows of a decision and date that the file lists after a row (applied after it).
  const listedAfter = s
    .prepare(
      `SELECT vals FROM temp.moderation_import_rows WHERE ref = ? AND sort_date = ? AND n > ?
       ORDER BY n`,
    )
    .pluck();
  // A date that does not read sorts first; apply() reports it.
  const readDate = dateCheck(env.today, EARLIEST_EPA_DATE);
  let heldRows = 0;

  /**
   * A disagreement raises the assessor's sample in the published plan covering the decision, as
   * one recorded in the app does (escalate tells the IQA lead).
   */
  function escalateFor(n: number, d: Moderated, recordId: number, grade: string): void {
    const planId = publishedPlanFor(env.ctx, d.id);
    if (planId === undefined) return;
    const raised = escalate(env.ctx, planId, d, recordId, grade);
    env.note(
      n,
      raised.already
        ? `Disagreement: ${raised.assessorRef}'s sample in plan ${planId} was already raised`
        : `Disagreement: ${raised.assessorRef}'s sample in plan ${planId} raised by ${raised.points} points (${raised.added} more decisions to moderate)`,
    );
  }

  /**
   * The moderation a row comes before, if one is recorded: the latest of a later date; else, of
   * the row's date, the last the file lists after the row whose record already exists (rows of a
   * date apply in file order), else the last recorded after the row's stored record. With it,
   * the grade the row's moderation judged when new: the one the next of those judged.
   */
  function laterThan(
    ref: string,
    n: number,
    d: DecisionRow,
    date: string,
    stored: StoredRecord | undefined,
  ): { later: LaterRecord; judged: string } | undefined {
    const listed: StoredRecord[] = [];
    for (const vals of listedAfter.all(ref, date, n) as string[]) {
      const v = JSON.parse(vals) as string[];
      const activity = parseActivity(v[C.activity] as string);
      const record = activity.ok
        ? existing(d.id, date, people.of(v[C.moderator] as string), activity.value)
        : undefined;
      if (record && record.id !== stored?.id) listed.push(record);
    }
    const last = listed.at(-1);
    const recorded =
      stored && (recordedAfter.get(d.id, date, stored.id) as LaterRecord | undefined);
    const later =
      (latestAfter.get(d.id, date, stored?.id ?? 0) as LaterRecord | undefined) ??
      (last && { id: last.id, date, moderator: last.moderator, sameDate: 'listed' }) ??
      (recorded && { ...recorded, sameDate: 'recorded' });
    if (!later) return undefined;
    const judged =
      listed[0]?.originalGrade ??
      (gradeJudgedAfter.get(d.id, date) as string | undefined) ??
      d.grade;
    return { later, judged };
  }

  /** Why a row kept as history does not override `later`, for its record and its warning. */
  function beforeLater(later: LaterRecord): { aside: string; warning: string } {
    const when = longDate(later.date);
    if (later.sameDate === undefined) {
      return {
        aside: `older than the moderation of ${when} (record ${later.id}), which it does not override`,
        warning: `is older than the one of ${when} already recorded`,
      };
    }
    return later.sameDate === 'listed'
      ? {
          aside: `before the moderation of ${when} (record ${later.id}), of the same date and listed after it, which it does not override`,
          warning: `comes before ${later.moderator}'s of the same date, listed after it and already recorded`,
        }
      : {
          aside: `before the moderation of ${when} (record ${later.id}), of the same date and recorded after it, which it does not override`,
          warning: `comes before ${later.moderator}'s of the same date, recorded after it`,
        };
  }

  /**
   * A moderation before `later` (older, or of its date and before it): recorded (or its stored
   * record updated) as history, set aside, with no grade change, release or escalation, since
   * the later moderation stands. Its original grade is `judged`: the one the next recorded
   * moderation judged too (the assessor's grade, unless something recorded changed it before),
   * never the decision's grade now, which may be that later moderation's result. Returns the
   * original grade.
   */
  function keepAsHistory(
    n: number,
    r: {
      d: DecisionRow;
      stored: StoredRecord | undefined;
      later: LaterRecord;
      judged: string;
      date: string;
      moderator: string;
      user: UserRow | undefined;
      activity: string;
      grade: string;
      feedback: string | null;
    },
  ): string {
    const why = `import batch ${env.batchId} (${env.fileName}, row ${n})`;
    if (r.stored) {
      updateStored(r.d, r.stored, r.grade, r.feedback, why);
      return r.stored.originalGrade;
    }
    insertRecord({
      ...r,
      why,
      aside: { reason: beforeLater(r.later).aside, laterId: r.later.id },
    });
    return r.judged;
  }

  /** A stored imported record given the file's grade and feedback, audited. */
  function updateStored(
    d: DecisionRow,
    stored: StoredRecord,
    grade: string,
    feedback: string | null,
    why: string,
  ): void {
    const outcome = importedOutcome(stored.originalGrade, grade);
    updateRecord.run(grade, outcome, feedback, stored.id);
    writeAudit(env.ctx, {
      action: 'moderation.import-update',
      entity: 'decision',
      entityId: d.id,
      before: {
        recordId: stored.id,
        moderatedGrade: stored.grade,
        outcome: stored.outcome,
        feedback: stored.feedback || null,
      },
      after: { recordId: stored.id, moderatedGrade: grade, outcome, feedback, reason: why },
    });
  }

  /**
   * A new imported record of a moderation that judged `judged` (its snapshot shows that grade),
   * audited; set aside from the start when `aside` says why. Returns its id.
   */
  function insertRecord(r: {
    d: DecisionRow;
    user: UserRow | undefined;
    moderator: string;
    date: string;
    activity: string;
    judged: string;
    grade: string;
    feedback: string | null;
    why: string;
    aside?: { reason: string; laterId: number };
  }): number {
    const outcome = importedOutcome(r.judged, r.grade);
    const snapshot = {
      ...readDecision(env.ctx, r.d.id),
      grade: r.judged,
      flags: flags.all(r.d.id),
      sampledBecause: [],
    };
    const recordId = Number(
      insert.run(
        r.d.id,
        r.user?.id ?? null,
        r.user?.name ?? r.moderator,
        r.date,
        r.activity,
        r.judged,
        r.grade,
        outcome,
        r.feedback,
        JSON.stringify(snapshot),
        env.batchId,
        r.aside ? env.ctx.clock().toISOString() : null,
        r.aside?.reason ?? null,
        r.aside?.laterId ?? null,
      ).lastInsertRowid,
    );
    writeAudit(env.ctx, {
      action: 'moderation.record',
      entity: 'decision',
      entityId: r.d.id,
      before: { grade: r.d.grade, status: r.d.status },
      after: {
        recordId,
        moderatedGrade: r.grade,
        outcome,
        activity: r.activity,
        source: 'import',
        reason: r.why,
        ...(r.aside ? { setAside: r.aside.reason } : {}),
      },
    });
    return recordId;
  }

  /** Checks one row of the file and writes what it says. */
  function apply(n: number, v: readonly string[]): void {
    let bad = false;
    const problem = (column: string, value: string, message: string): void => {
      bad = true;
      env.problem(n, column, value, message);
    };
    unusableCells(env, v, problem);
    const ref = v[C.decision_ref] as string;
    const d = ref === '' ? undefined : (decision.get(ref) as DecisionRow | undefined);
    if (ref !== '' && !d)
      problem(
        'decision_ref',
        ref,
        `no decision has decision_ref ${ref}; import the decisions first`,
      );
    const cell = v[C.moderator] as string;
    const who = people.of(cell);
    const { name: moderator, user } = who;
    const date = epaDate(env, n, 'moderation_date', v[C.moderation_date] as string, problem);
    const activityText = v[C.activity] as string;
    const activity = activityText === '' ? null : parseActivity(activityText);
    if (activity && !activity.ok) problem('activity', activityText, activity.reason);
    const gradeText = v[C.moderated_grade] as string;
    const feedback = (v[C.feedback] as string) || null;
    let grade: string | null = null;
    // Refuses the row unless it is one already recorded, as it was (below).
    let conflicted: string | null = null;
    if (d) {
      const version = versionDefinition(env.ctx, d.versionId).version;
      if (gradeText !== '') {
        grade = resolveGrade(version, gradeText);
        if (grade === null) {
          problem(
            'moderated_grade',
            gradeText,
            `'${gradeText}' is not a grade of this decision's standard version (${version.grades.join(', ')})`,
          );
        }
      }
      if (date && date < d.assessmentDate) {
        problem(
          'moderation_date',
          v[C.moderation_date] as string,
          `moderated before the assessment itself (${d.assessmentDate})`,
        );
      }
      // Known as an assessor (by reference, name or user account), the moderator is told apart by
      // who they are; otherwise only their name can say they are the decision's assessor.
      const own = who.assessor
        ? who.assessor.id === d.assessorId
        : who.keys.has(nameKey(d.assessorName));
      const named =
        nameKey(cell) === nameKey(moderator) ? moderator : `${cell} is ${moderator}, who`;
      if (own) {
        problem(
          'moderator',
          cell,
          `${named} made this assessment decision, so cannot have moderated it`,
        );
      } else if (date && (who.user || who.assessor)) {
        // Someone known only by a name typed in the file has declared nothing to check.
        const conflict = conflictOn(people.conflicts(who), d, date);
        if (conflict)
          conflicted = `${named} ${conflict.message}, so cannot have moderated this decision`;
      }
    }
    if (bad || !d || !date || !grade || !activity?.ok) {
      if (conflicted) problem('moderator', cell, conflicted);
      env.outcome(n, 'rejected', rawDisplay(env, v));
      return;
    }
    const key = `${d.id}|${date}|${nameKey(moderator)}|${activity.value}`;
    const first = seen.get(key);
    if (first !== undefined) {
      env.problem(
        n,
        'decision_ref',
        ref,
        `row ${first} is the same moderation (decision, moderator, date and activity); a file may hold each once`,
      );
      env.outcome(n, 'rejected', rawDisplay(env, v));
      return;
    }
    const stored = existing(d.id, date, who, activity.value);
    const asStored = stored && stored.grade === grade && stored.feedback === (feedback ?? '');
    if (conflicted && !asStored) {
      problem('moderator', cell, conflicted);
      env.outcome(n, 'rejected', rawDisplay(env, v));
      return;
    }
    seen.set(key, n);
    if (who.assessor && nameKey(cell) === nameKey(who.assessor.ref)) {
      const as = moderator === who.assessor.name ? '' : `, recorded as ${moderator}`;
      env.note(n, `Moderator ${cell} is the assessor reference of ${who.assessor.name}${as}`);
    }
    // The grade this moderation judged: its stored record's, or the grade standing now when new.
    // The outcome (agreed, or not recorded), the preview and an escalation follow it; the grade
    // change applied is from the decision's grade now.
    const judged = stored?.originalGrade ?? d.grade;
    const show = () => ({
      decision_ref: ref,
      moderator,
      moderation_date: date,
      activity: activity.value,
      original_grade: judged,
      moderated_grade: grade,
      feedback: feedback ?? '',
    });
    if (asStored) {
      // Declared since it was recorded: refusing the row would leave the record stored all the
      // same, and refuse every re-import of the file it came from, so it is kept and pointed out.
      if (conflicted)
        env.problem(
          n,
          'moderator',
          cell,
          `${conflicted}; this moderation was recorded before (record ${stored.id}) and is kept unchanged, but should be reviewed`,
          true,
        );
      env.outcome(n, 'unchanged', show);
      return;
    }
    if (stored?.superseded && stored.supersededBy === null) {
      // History of a grade since changed: applying it again would undo that change and
      // release a decision IQA has yet to moderate at its new grade.
      problem(
        'moderated_grade',
        gradeText,
        `this moderation (record ${stored.id}) was set aside when the decision's grade changed (${stored.superseded}); it stays in the history, and the decision is to be moderated again at ${d.grade}`,
      );
      env.outcome(n, 'rejected', show);
      return;
    }
    if (stored && stored.source !== 'import') {
      // A moderation saved in the app carries its outcome and reasoning; a file that says
      // otherwise is not allowed to rewrite it.
      problem(
        'moderated_grade',
        gradeText,
        `this moderation was recorded in IQA Desk (record ${stored.id}: ${stored.grade}${stored.feedback ? `, "${stored.feedback}"` : ''}); change it there, not through an import`,
      );
      env.outcome(n, 'rejected', show);
      return;
    }
    const before = laterThan(ref, n, d, date, stored);
    if (before) {
      const { later } = before;
      const historyJudged = keepAsHistory(n, {
        d,
        stored,
        later,
        judged: before.judged,
        date,
        moderator,
        user,
        activity: activity.value,
        grade,
        feedback,
      });
      env.problem(
        n,
        'moderation_date',
        v[C.moderation_date] as string,
        `this moderation (${longDate(date)}) ${beforeLater(later).warning}; it is kept in the history and the grade stays ${d.grade}`,
        true,
      );
      env.outcome(n, stored ? 'changed' : 'new', () => ({
        ...show(),
        original_grade: historyJudged,
      }));
      return;
    }
    const regraded = regradedAt.get(d.id) as string | null;
    const regradedOn = regraded === null ? null : englishDate(new Date(regraded));
    if (regradedOn !== null && date < regradedOn) {
      // The source changed the grade after the decision was moderated or released, and the
      // history's moderation is older than that change: it judged the grade before, so it can
      // neither settle the new one nor, by disagreeing with it, undo the source's change.
      problem(
        'moderation_date',
        v[C.moderation_date] as string,
        `this moderation (${longDate(date)}) is older than the change of the decision's grade to ${d.grade} recorded on ${longDate(regradedOn)}, so it did not moderate the ${d.grade}; the decision is to be moderated again at ${d.grade}`,
      );
      env.outcome(n, 'rejected', show);
      return;
    }
    const open = appeals.deciding(d.id);
    const appealed = appeals.refusal(d, date, grade, open);
    if (appealed) {
      problem('moderation_date', v[C.moderation_date] as string, appealed);
      env.outcome(n, 'rejected', show);
      return;
    }
    if (d.epaStatus === 'confirmed' && grade !== d.grade) {
      problem(
        'moderated_grade',
        gradeText,
        `the EPA is confirmed, so its grade (${d.grade}) can only change through an enquiry or appeal`,
      );
      env.outcome(n, 'rejected', show);
      return;
    }
    const why = `import batch ${env.batchId} (${env.fileName}, row ${n})`;
    let recordId: number;
    if (stored) {
      recordId = stored.id;
      updateStored(d, stored, grade, feedback, why);
    } else {
      recordId = insertRecord({
        d,
        user,
        moderator,
        date,
        activity: activity.value,
        judged,
        grade,
        feedback,
        why,
      });
    }
    if (grade !== d.grade) {
      const { resitCapFlag } = applyGradeChange(env.ctx, {
        decisionId: d.id,
        grade,
        reason: `moderation record ${recordId} (${why})`,
      });
      env.note(
        n,
        grade === judged
          ? `Grade ${d.grade} → ${grade}: corrected, this moderation agrees with the ${judged} it moderated`
          : `Grade ${d.grade} → ${grade}; outcome not recorded (imported)`,
      );
      // Flagged as in the app and the decisions import; the row says so, as theirs do.
      if (resitCapFlag) env.problem(n, 'moderated_grade', gradeText, resitCapFlag, true);
      // A moderation from before the enquiry or appeal was received made the result it is about,
      // so it applies; whoever is deciding it should know the grade before them has changed.
      if (open)
        env.problem(n, 'moderated_grade', gradeText, appeals.changedUnder(open, d, grade), true);
    }
    setDecisionStatus(env.ctx, d.id, 'released', `moderation record ${recordId} (${why})`);
    settleRegraded(env.ctx, d.id);
    // A disagreement that changes the grade raises the sample; a correction to agreement does not.
    if (grade !== d.grade && grade !== judged)
      escalateFor(n, { ...readDecision(env.ctx, d.id), grade: judged }, recordId, grade);
    env.outcome(n, stored ? 'changed' : 'new', show);
  }

  return {
    row(n, v) {
      people.read(v[C.moderator] as string);
      const checked = readDate(v[C.moderation_date] as string);
      hold.run(v[C.decision_ref], 'date' in checked ? checked.date : '', n, JSON.stringify(v));
      heldRows++;
    },
    finish() {
      let after: [string, string, number] = ['', '', 0];
      for (let done = 0; done < heldRows;) {
        env.finishing(
          `Applying the moderation history, each decision's in date order (${done.toLocaleString('en-GB')} of ${heldRows.toLocaleString('en-GB')} rows)`,
        );
        const page = heldAfter.all(...after) as HeldRow[];
        if (page.length === 0) break;
        for (const r of page) apply(r.n, JSON.parse(r.values) as string[]);
        const last = page[page.length - 1] as HeldRow;
        after = [last.ref, last.date, last.n];
        done += page.length;
      }
      s.exec('DELETE FROM temp.moderation_import_rows');
    },
  };
}
