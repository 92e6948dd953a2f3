/**
 * Assessor decisions: one row per method attempt. A row is refused for anything that would
 * store a wrong fact (bad ULN, unknown standard, version, method or grade, impossible or future
 * date, missing field, a second row for one decision) and kept, with compliance flags, for
 * anything IQA should look at (limits, re-sit grade cap, conflicts of interest).
 */
import { validateUkprn, validateUln } from '@shared/identifiers';
import { looksShortenedByExcel, parseNumber, parseYesNo, type ColumnName } from '@shared/imports';
import { checkDecisionLimits, type ComplianceIssue } from '@shared/standards';
import { recomputeOverallGrade } from '../decisions/grades';
import { runDecisionsWrittenHooks } from '../decisions/hooks';
import type { ImportEnv, RowProcessor } from './env';
import {
  DecisionStore,
  deferIndexes,
  naturalKey,
  type EpaState,
  type StoredDecision,
} from './decisions-store';
import { EpaGrades, RowsById } from './decisions-epas';
import { applyDecisionChanges, compareDecision } from './decisions-changes';
import { Reference, type VersionRef } from './reference';
import { columnIndex, epaDate, missingRequired } from './rows';

const C = columnIndex('decisions');

/** The field names checkDecisionLimits reports, as template columns. */
const FIELD_COLUMNS: Record<string, string> = {
  durationMinutes: 'duration_minutes',
  questioningMinutes: 'questioning_minutes',
  wordCount: 'word_count',
  evidencePieces: 'evidence_pieces',
  assessmentDate: 'assessment_date',
  gatewayDate: 'gateway_date',
  grade: 'grade',
  attempt: 'attempt',
  method: 'method',
  assessorRef: 'assessor_ref',
};

/** A row that passed every check, normalised. */
export interface DecisionInput {
  row: number;
  ref: string | null;
  uln: string;
  givenName: string | null;
  familyName: string | null;
  employer: string | null;
  ukprn: string | null;
  providerName: string | null;
  version: VersionRef;
  versionNamed: boolean;
  gateway: string | null;
  method: string;
  attempt: number;
  /** Null for an assessor this import adds (created only if the row is written). */
  assessorId: number | null;
  assessorRef: string;
  assessorName: string;
  date: string;
  grade: string;
  durationMinutes: number | null;
  questioningMinutes: number | null;
  wordCount: number | null;
  evidencePieces: number | null;
  ec: boolean;
}

export function decisionsProcessor(env: ImportEnv, expectedRows: number): RowProcessor {
  const ctx = env.ctx;
  const reference = new Reference(ctx);
  const store = new DecisionStore(ctx, reference, expectedRows);
  const deferred = deferIndexes(ctx, expectedRows);
  const newRows = new RowsById();
  const existingRows = new Map<number, number>();
  const newEpas = new EpaGrades(reference.maxMethods);
  const touchedEpas = new Set<number>();
  const written: number[] = [];

  function flagsFor(
    d: DecisionInput,
    employerId: number | null,
    providerId: number | null,
  ): ComplianceIssue[] {
    const issues = checkDecisionLimits(d.version.def, {
      method: d.method,
      attempt: d.attempt,
      grade: d.grade,
      durationMinutes: d.durationMinutes,
      questioningMinutes: d.questioningMinutes,
      wordCount: d.wordCount,
      evidencePieces: d.evidencePieces,
      assessmentDate: d.date,
      gatewayDate: d.gateway,
      exceptionalCircumstances: d.ec,
    });
    const employer =
      d.employer ??
      (employerId === null ? null : (reference.employerNames.get(employerId) ?? null));
    const ukprn =
      d.ukprn ?? (providerId === null ? null : (reference.providerUkprns.get(providerId) ?? null));
    const party = reference.conflict(assessorOf(d), { employer, ukprn, uln: d.uln }, d.date);
    if (party) {
      issues.push({
        code: 'assessor_conflict' as ComplianceIssue['code'],
        field: 'assessorRef',
        message: `assessor ${d.assessorRef} has declared a conflict of interest with ${party}`,
      });
    }
    return issues;
  }

  function raiseFlags(d: DecisionInput, decisionId: number, issues: ComplianceIssue[]): void {
    for (const issue of issues) {
      store.insertFlag(decisionId, issue.code, issue.field, issue.message);
      const column = FIELD_COLUMNS[issue.field] ?? issue.field;
      env.problem(d.row, column, shown(d, column), issue.message, true);
    }
  }

  function shown(d: DecisionInput, column: string): string {
    switch (column) {
      case 'duration_minutes':
        return d.durationMinutes === null ? '' : String(d.durationMinutes);
      case 'questioning_minutes':
        return d.questioningMinutes === null ? '' : String(d.questioningMinutes);
      case 'word_count':
        return d.wordCount === null ? '' : String(d.wordCount);
      case 'evidence_pieces':
        return d.evidencePieces === null ? '' : String(d.evidencePieces);
      case 'assessment_date':
        return d.date;
      case 'gateway_date':
        return d.gateway ?? '';
      case 'grade':
        return d.grade;
      case 'assessor_ref':
        return d.assessorRef;
      default:
        return '';
    }
  }

  const display = (d: DecisionInput) => (): Record<string, string> => ({
    decision_ref: d.ref ?? '',
    uln: d.uln,
    apprentice: [d.givenName, d.familyName].filter(Boolean).join(' '),
    standard: `${d.version.row.code} v${d.version.def.version}`,
    method: d.method,
    attempt: String(d.attempt),
    assessor: d.assessorRef,
    assessment_date: d.date,
    grade: d.grade,
    gateway_date: d.gateway ?? '',
    duration_minutes: shown(d, 'duration_minutes'),
    questioning_minutes: shown(d, 'questioning_minutes'),
    word_count: shown(d, 'word_count'),
    evidence_pieces: shown(d, 'evidence_pieces'),
    exceptional_circumstances: d.ec ? 'yes' : 'no',
  });

  const rawDisplay = (v: readonly string[]) => (): Record<string, string> =>
    Object.fromEntries(env.columns.map((c, i) => [c.name, v[i] ?? '']).filter(([, x]) => x !== ''));

  /** Checks a row; returns the normalised decision, or null once every problem is reported. */
  function parse(n: number, v: readonly string[]): DecisionInput | null {
    let bad = false;
    const problem = (column: string, value: string, message: string): void => {
      bad = true;
      env.problem(n, column, value, message);
    };
    missingRequired(env, v, problem);
    const ulnText = v[C.uln] as string;
    let uln: string | null = null;
    if (ulnText !== '') {
      const checked = validateUln(ulnText);
      if (checked.ok) uln = checked.uln;
      else if (looksShortenedByExcel(ulnText)) {
        problem(
          'uln',
          ulnText,
          'the spreadsheet shortened this ULN to a rounded number; format the column as text and export again',
        );
      } else problem('uln', ulnText, checked.reason);
    }
    const stdText = v[C.standard_code] as string;
    const std = stdText === '' ? undefined : reference.standard(stdText);
    if (stdText !== '' && !std) {
      const known = [...reference.standards.values()].map((s) => s.code).join(', ');
      problem(
        'standard_code',
        stdText,
        `'${stdText}' is not a standard this EPAO assesses (known: ${known})`,
      );
    }
    let version: VersionRef | undefined;
    const versionText = v[C.standard_version] as string;
    if (std && versionText !== '') {
      version = reference.version(std, versionText);
      if (!version) {
        const known = std.versions.map((x) => x.def.version).join(', ');
        problem(
          'standard_version',
          versionText,
          `${std.code} has no version '${versionText}' (known: ${known})`,
        );
      }
    }
    const gateway = epaDate(env, n, 'gateway_date', v[C.gateway_date] as string, problem);
    const date = epaDate(env, n, 'assessment_date', v[C.assessment_date] as string, problem);
    let attempt = 1;
    const attemptText = v[C.attempt] as string;
    if (attemptText !== '') {
      const parsed = parseNumber(attemptText, true);
      if (!parsed.ok) problem('attempt', attemptText, parsed.reason);
      else if (parsed.value === null || parsed.value < 1 || parsed.value > 20) {
        problem('attempt', attemptText, 'attempt must be a whole number from 1 (first attempt) up');
      } else attempt = parsed.value;
    }
    const measure = (column: ColumnName<'decisions'>, integer: boolean): number | null => {
      const text = v[C[column]] as string;
      const parsed = parseNumber(text, integer);
      if (parsed.ok) return parsed.value;
      problem(column, text, parsed.reason);
      return null;
    };
    const durationMinutes = measure('duration_minutes', false);
    const questioningMinutes = measure('questioning_minutes', false);
    const wordCount = measure('word_count', true);
    const evidencePieces = measure('evidence_pieces', true);
    const ecText = v[C.exceptional_circumstances] as string;
    const ecParsed = parseYesNo(ecText);
    if (!ecParsed.ok) problem('exceptional_circumstances', ecText, ecParsed.reason);
    const ukprnText = v[C.provider_ukprn] as string;
    let ukprn: string | null = null;
    if (ukprnText !== '') {
      const checked = validateUkprn(ukprnText);
      if (checked.ok) ukprn = checked.ukprn;
      else problem('provider_ukprn', ukprnText, checked.reason);
    }
    const assessorRef = v[C.assessor_ref] as string;
    const assessorName = v[C.assessor_name] as string;
    const assessor = assessorRef === '' ? undefined : reference.assessor(assessorRef);
    if (assessorRef !== '' && !assessor && assessorName === '') {
      problem(
        'assessor_ref',
        assessorRef,
        `assessor ${assessorRef} is not known: give assessor_name to add them, or import assessors first`,
      );
    }
    if (std && !version) {
      version =
        (uln ? store.latestVersion(store.apprentice(uln), std.id) : undefined) ??
        reference.defaultVersion(std, gateway ?? date);
    }
    let method: string | null = null;
    let grade: string | null = null;
    if (version) {
      const label = `${version.row.code} v${version.def.version}`;
      const methodText = v[C.method] as string;
      if (methodText !== '') {
        method = reference.method(version, methodText);
        if (method === null) {
          const known = version.def.methods.map((m) => m.code).join(', ');
          problem(
            'method',
            methodText,
            `'${methodText}' is not an assessment method of ${label} (${known})`,
          );
        }
      }
      const gradeText = v[C.grade] as string;
      if (gradeText !== '') {
        grade = reference.grade(version, gradeText);
        if (grade === null) {
          problem(
            'grade',
            gradeText,
            `'${gradeText}' is not a grade of ${label} (${version.def.grades.join(', ')})`,
          );
        }
      }
    }
    if (bad || !uln || !version || !method || !grade || !date) return null;
    const text = (column: ColumnName<'decisions'>): string | null =>
      (v[C[column]] as string) || null;
    return {
      row: n,
      ref: text('decision_ref'),
      uln,
      givenName: text('given_name'),
      familyName: text('family_name'),
      employer: text('employer'),
      ukprn,
      providerName: text('provider_name'),
      version,
      versionNamed: versionText !== '',
      gateway,
      method,
      attempt,
      assessorId: assessor?.id ?? null,
      assessorRef: assessor?.ref ?? assessorRef,
      assessorName,
      date,
      grade,
      durationMinutes,
      questioningMinutes,
      wordCount,
      evidencePieces,
      ec: ecParsed.ok && ecParsed.value === true,
    };
  }

  /** The row's earlier twin in this file, if it resolved to a decision already seen. */
  function seenAt(id: number): number | undefined {
    return newRows.get(id) ?? existingRows.get(id);
  }

  function duplicate(d: DecisionInput, first: number): void {
    const what = d.ref ? `decision_ref ${d.ref}` : `ULN ${d.uln}, ${d.method} attempt ${d.attempt}`;
    env.problem(
      d.row,
      d.ref ? 'decision_ref' : 'uln',
      d.ref ?? d.uln,
      `row ${first} is the same decision (${what}); a file may hold each decision once`,
    );
    env.outcome(d.row, 'rejected', display(d));
  }

  /** The row's assessor, added now if the import brings them. */
  function assessorOf(d: DecisionInput): number {
    d.assessorId ??=
      reference.assessor(d.assessorRef)?.id ?? store.createAssessor(d.assessorRef, d.assessorName);
    return d.assessorId;
  }

  function insertNew(d: DecisionInput): void {
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
    let apprentice = store.apprentice(d.uln);
    if (apprentice) store.fillApprentice(apprentice, details);
    else apprentice = store.createApprentice(d.uln, details);
    let epa: EpaState | undefined = apprentice.epas.get(d.version.row.id);
    if (epa?.status === 'confirmed') {
      env.problem(
        d.row,
        'uln',
        d.uln,
        `the EPA of ULN ${d.uln} on ${d.version.row.code} is confirmed; a new attempt cannot be added to a confirmed result`,
      );
      env.outcome(d.row, 'rejected', display(d));
      return;
    }
    if (!epa) {
      epa = store.createEpa(apprentice, d.version.row.id, d.gateway);
      newEpas.register(epa.id, d.version);
    } else {
      if (epa.gateway === null && d.gateway !== null) store.fillGateway(epa, d.gateway);
      if (!epa.isNew) touchedEpas.add(epa.id);
    }
    const id = store.insertDecision([
      epa.id,
      d.ref,
      d.version.row.methodIds.get(d.method),
      d.attempt,
      assessorOf(d),
      d.date,
      d.grade,
      d.durationMinutes,
      d.questioningMinutes,
      d.wordCount,
      d.evidencePieces,
      d.ec ? 1 : 0,
      env.batchId,
    ]);
    store.remember(d.ref, naturalKey(d.uln, d.version.standardId, d.method, d.attempt));
    newRows.set(id, d.row);
    written.push(id);
    if (epa.isNew) newEpas.record(epa.id, d.version, d.method, d.attempt, d.grade);
    raiseFlags(d, id, flagsFor(d, apprentice.employerId, apprentice.providerId));
    env.outcome(d.row, 'new', display(d));
  }

  function update(d: DecisionInput, stored: StoredDecision): void {
    existingRows.set(stored.id, d.row);
    const apprentice = store.apprentice(d.uln);
    const epa = apprentice?.epas.get(stored.versionId);
    assessorOf(d);
    const diff = compareDecision(env, d, stored, epa, reference);
    if (typeof diff === 'string') {
      env.problem(d.row, d.ref ? 'decision_ref' : 'uln', d.ref ?? d.uln, diff);
      env.outcome(d.row, 'rejected', display(d));
      return;
    }
    if (diff.changes.length === 0) {
      env.outcome(d.row, 'unchanged', display(d));
      return;
    }
    applyDecisionChanges(env, d, stored, diff, epa);
    if (epa && d.gateway !== null && epa.gateway === null) store.fillGateway(epa, d.gateway);
    written.push(stored.id);
    raiseFlags(
      d,
      stored.id,
      flagsFor(d, apprentice?.employerId ?? null, apprentice?.providerId ?? null),
    );
    env.outcome(d.row, 'changed', display(d));
  }

  return {
    row(n, v) {
      const d = parse(n, v);
      if (!d) {
        env.outcome(n, 'rejected', rawDisplay(v));
        return;
      }
      const byRef = d.ref ? store.byRef(d.ref) : undefined;
      const byNatural = byRef
        ? undefined
        : store.byNatural(d.uln, d.version.standardId, d.method, d.attempt);
      if (byNatural && d.ref && byNatural.decisionRef && byNatural.decisionRef !== d.ref) {
        const first = seenAt(byNatural.id);
        if (first !== undefined) return duplicate(d, first);
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
      if (!stored) return insertNew(d);
      const first = seenAt(stored.id);
      if (first !== undefined) return duplicate(d, first);
      update(d, stored);
    },
    finish() {
      for (const sql of deferred) ctx.sqlite.exec(sql);
      newEpas.finish(ctx);
      // EPAs that existed before this import, with a new attempt added: through the shared
      // rule, so their audit trail shows the overall grade moving.
      for (const epaId of touchedEpas) recomputeOverallGrade(ctx, epaId);
      runDecisionsWrittenHooks(ctx, written);
      env.created(store.created);
    },
  };
}
