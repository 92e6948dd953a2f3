/**
 * What enquiries about results and appeals allow a moderation dated in the past to do: a row of
 * the moderation history import, or a moderation saved in the app with an earlier date. The
 * EPAO's decision on one is final (001, 004), and while one is open the grade is its to decide,
 * so history cannot overrule either: the import and a backdated save ask here why a moderation
 * is refused, and the import what to say when a row from before an open one changes the grade
 * in front of it. The open one is read as the app's moderation reads it (appealDecidingOn), and
 * the statements are prepared once (per import, or per save).
 */
import { KIND_NOUN, OUTCOME_LABELS, type AppealKind, type Outcome } from '@shared/appeals';
import { longDate } from '@shared/imports';
import type { Statement } from 'better-sqlite3';
import { appealDecidingOn, type AppealDeciding } from './service';
import type { AppContext } from '../core/context';

/** A grade change an enquiry about results or an appeal decided. */
interface AppealChange {
  ref: string;
  kind: AppealKind;
  decidedOn: string | null;
  oldGrade: string;
  newGrade: string;
}

/** A result enquiry or appeal decided about the decision that left its grade as it was. */
interface AppealKept {
  ref: string;
  kind: AppealKind;
  decidedOn: string;
  outcome: Outcome;
}

/** The decision a row moderates, as the appeal rules need it: which one, and its grade now. */
export interface AppealedDecision {
  id: number;
  grade: string;
}

export class AppealAuthority {
  private readonly appealChange: Statement;
  private readonly appealKept: Statement;

  constructor(private readonly ctx: AppContext) {
    const s = ctx.sqlite;
    // The latest grade change an enquiry about results or an appeal decided for the decision.
    this.appealChange = s.prepare(
      `SELECT a.ref, a.kind, a.decided_on AS decidedOn, g.old_grade AS oldGrade, g.new_grade AS newGrade
       FROM appeal_grade_changes g JOIN appeals a ON a.id = g.appeal_id
       WHERE g.decision_id = ? ORDER BY a.decided_on DESC, g.id DESC LIMIT 1`,
    );
    // The latest result enquiry or appeal decided about the decision whose outcome judged its
    // grade and kept it (a reassessment offered, or an enquiry not proceeded with, judged nothing).
    this.appealKept = s.prepare(
      `SELECT a.ref, a.kind, a.decided_on AS decidedOn, a.outcome FROM appeal_decisions ad
         JOIN appeals a ON a.id = ad.appeal_id
       WHERE ad.decision_id = ? AND a.type = 'result' AND a.decided_on IS NOT NULL
         AND a.outcome IN ('upheld', 'partially_upheld', 'not_upheld')
         AND NOT EXISTS (SELECT 1 FROM appeal_grade_changes g
                         WHERE g.appeal_id = a.id AND g.decision_id = ad.decision_id)
       ORDER BY a.decided_on DESC, a.id DESC LIMIT 1`,
    );
  }

  /**
   * The enquiry or appeal about the decision still to be decided, as the app's moderation reads
   * it, so that the import and the app agree on when a decision is under one.
   */
  deciding(decisionId: number): AppealDeciding | undefined {
    return appealDecidingOn(this.ctx, decisionId);
  }

  /**
   * Why an enquiry about results or an appeal about the decision refuses a row, if it does. The
   * EPAO's decision on one is final (001, 004): a moderation older than it judged the grade
   * before it, so cannot change (or, when the decision changed the grade, settle) the grade it
   * decided. History gives a date, not a time, so a moderation of the decision's own day cannot
   * be shown to come after it, and is refused too. While one is still to be decided, the grade
   * is for it to decide: a moderation from the day it was received cannot change or settle it.
   */
  refusal(
    d: AppealedDecision,
    date: string,
    grade: string,
    open: AppealDeciding | undefined,
  ): string | null {
    const refused = (
      a: { ref: string; kind: AppealKind; decidedOn: string },
      what: string,
      cannot: string,
    ): string =>
      date < a.decidedOn
        ? `this moderation (${longDate(date)}) is older than ${KIND_NOUN[a.kind]} ${a.ref}, decided on ${longDate(a.decidedOn)}, which ${what}; that decision stands, and history from before it cannot ${cannot}`
        : `this moderation (${longDate(date)}) is of the day ${KIND_NOUN[a.kind]} ${a.ref} was decided (${longDate(a.decidedOn)}), which ${what}; a date alone cannot show it came after that decision, which stands, so it cannot ${cannot}`;
    const changed = this.appealChange.get(d.id) as AppealChange | undefined;
    if (changed?.decidedOn && date <= changed.decidedOn) {
      return refused(
        { ...changed, decidedOn: changed.decidedOn },
        `changed the grade from ${changed.oldGrade} to ${changed.newGrade}`,
        'change or settle the grade it gave',
      );
    }
    const kept = this.appealKept.get(d.id) as AppealKept | undefined;
    if (kept && date <= kept.decidedOn && grade !== d.grade) {
      return refused(
        kept,
        `was ${OUTCOME_LABELS[kept.outcome].toLowerCase()} and left the grade at ${d.grade}`,
        'change the grade it left',
      );
    }
    if (open && date >= open.receivedDate) {
      const word = KIND_NOUN[open.kind];
      return `this moderation (${longDate(date)}) is not before ${word} ${open.ref} about this decision, received on ${longDate(open.receivedDate)} and still to be decided; the grade is for the ${word} to decide, so import this row again once it is decided`;
    }
    return null;
  }

  /**
   * Why a decisions re-import may not change the decision's grade to `grade`, if it may not.
   * While an enquiry about results or an appeal about it is still to be decided, the grade is
   * for that to decide; once one has decided it (changed it, or judged it and kept it), the
   * EPAO's decision is final (001, 004). A source system's later grade carries no date to put it
   * after that decision, and the decision was made on the evidence, so the file does not
   * overrule it: a grade to change goes through a new enquiry or appeal. `where` names the
   * decision ("decision_ref R1-O-1").
   */
  regradeRefusal(d: AppealedDecision, grade: string, where: string): string | null {
    const change = `${d.grade} → ${grade}`;
    const open = this.deciding(d.id);
    if (open) {
      const word = KIND_NOUN[open.kind];
      return `${where} is under ${word} ${open.ref}, received on ${longDate(open.receivedDate)} and still to be decided: the grade is for the ${word} to decide, so the file cannot change it (${change}); import this row again once it is decided or withdrawn`;
    }
    const changed = this.appealChange.get(d.id) as AppealChange | undefined;
    if (changed?.decidedOn) {
      return `${KIND_NOUN[changed.kind]} ${changed.ref}, decided on ${longDate(changed.decidedOn)}, changed the grade of ${where} from ${changed.oldGrade} to ${changed.newGrade}; that decision is final, so the file cannot change the grade (${change})`;
    }
    const kept = this.appealKept.get(d.id) as AppealKept | undefined;
    if (kept) {
      return `${KIND_NOUN[kept.kind]} ${kept.ref}, decided on ${longDate(kept.decidedOn)}, was ${OUTCOME_LABELS[kept.outcome].toLowerCase()} and left the grade of ${where} at ${d.grade}; that decision is final, so the file cannot change the grade (${change})`;
    }
    return null;
  }

  /**
   * The warning for a row applied from before `open` was received that changed the decision's
   * grade to `grade`: whoever is deciding the enquiry or appeal has a different grade before them.
   */
  changedUnder(open: AppealDeciding, d: AppealedDecision, grade: string): string {
    const word = KIND_NOUN[open.kind];
    return `${word} ${open.ref} about this decision, received on ${longDate(open.receivedDate)}, is still to be decided: the grade before it is now ${grade}, not ${d.grade}`;
  }
}
