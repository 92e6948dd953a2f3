/**
 * One decisions row, checked and normalised: every problem in it is reported (not only the
 * first), so a user fixes a row once.
 */
import { validateUkprn, validateUln } from '@shared/identifiers';
import {
  looksShortenedByExcel,
  parseNumber,
  parseYesNo,
  type ColumnName,
  type Parsed,
} from '@shared/imports';
import { checkDecisionLimits, type ComplianceIssue } from '@shared/standards';
import type { ImportEnv } from './env';
import type { Reference, VersionRef } from './reference';
import { memoise } from '@shared/memoise';
import { columnIndex, dateCheck, EARLIEST_EPA_DATE, unusableCells } from './rows';

const C = columnIndex('decisions');

/** The field names checkDecisionLimits reports, as template columns. */
export const FIELD_COLUMNS: Record<string, string> = {
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

/**
 * A length of time as hours and minutes, perhaps with seconds ("1:05", "1:05:30"): as Excel reads
 * "1:05" typed into a cell, and as the import reads a cell formatted as a time ([h]:mm, see
 * xlsx.ts). Hours come first, so "1:05" is never 1 minute 5 seconds.
 */
const HOURS_MINUTES = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/;

/** Hours and minutes in words, as hand-kept sheets say them: "65 mins", "1 hr 5 mins", "1h 5m". */
const IN_WORDS =
  /^(?:(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\.?)?\s*(?:(\d+(?:\.\d+)?)\s*(?:m|mins?|minutes?)\.?)?$/i;

/** Minutes, given as a number, as hours and minutes (HOURS_MINUTES) or in words (IN_WORDS). */
function parseMinutes(text: string): Parsed<number | null> {
  const time = HOURS_MINUTES.exec(text.trim());
  if (time) {
    const [, hours, minutes, seconds] = time;
    return { ok: true, value: Number(hours) * 60 + Number(minutes) + Number(seconds ?? 0) / 60 };
  }
  const number = parseNumber(text, false);
  // Words are looked for only in what is not a number, so the usual cell costs nothing more.
  if (number.ok || !/[a-z]/i.test(text)) return number;
  const words = IN_WORDS.exec(text.trim());
  if (!words || (words[1] === undefined && words[2] === undefined)) {
    // "-5 mins": that it is negative is the reason to give.
    if (text.trim().startsWith('-')) return number;
    return {
      ok: false,
      reason: `'${text.trim()}' is not a number of minutes: write 65, 1:05 or 65 mins`,
    };
  }
  return { ok: true, value: Number(words[1] ?? 0) * 60 + Number(words[2] ?? 0) };
}

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
  /** Whether the row said yes or no to exceptional circumstances (a blank cell says neither). */
  ecGiven: boolean;
}

export function shown(d: DecisionInput, column: string): string {
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

export const showDecision = (d: DecisionInput) => (): Record<string, string> => ({
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

/** The time and size limits of its standard version that a decision is outside of. */
export function limitIssues(d: DecisionInput): ComplianceIssue[] {
  return checkDecisionLimits(d.version.def, {
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
}

export type DecisionRowParser = (n: number, v: readonly string[]) => DecisionInput | null;

/** What checking a row needs from its import (the reader thread has no more than this). */
export type RowCheckEnv = Pick<ImportEnv, 'today' | 'columns' | 'problem'>;

/**
 * The version of the apprentice's latest EPA on a standard, for a row that names none: it
 * depends on the rows written before it, so only the thread that writes can answer.
 */
export type LatestVersion = (uln: string, standardId: number) => VersionRef | undefined;

/** Whether a row names its standard version (one that does not needs LatestVersion). */
export const namesVersion = (v: readonly string[]): boolean => v[C.standard_version] !== '';

/**
 * A row checker for one import. Returns the normalised decision, or null once every problem in
 * the row is reported. Built once: the helpers it uses remember their answers (see memoise).
 */
export function decisionRowParser(
  env: RowCheckEnv,
  reference: Reference,
  latestVersion: LatestVersion,
): DecisionRowParser {
  const epaDate = dateCheck(env.today, EARLIEST_EPA_DATE);
  const integer = memoise((text) => parseNumber(text, true));
  const minutes = memoise(parseMinutes);
  const yesNo = memoise(parseYesNo);
  const ukprnOf = memoise(validateUkprn);
  // Rows of one apprentice usually sit together, so the last answer is the likely one.
  let lastUln: { text: string; result: ReturnType<typeof validateUln> } | null = null;
  const ulnOf = (text: string): ReturnType<typeof validateUln> => {
    if (lastUln?.text !== text) lastUln = { text, result: validateUln(text) };
    return lastUln.result;
  };
  let n = 0;
  let bad = false;
  const problem = (column: string, value: string, message: string): void => {
    bad = true;
    env.problem(n, column, value, message);
  };
  const dateIn = (column: 'gateway_date' | 'assessment_date', text: string): string | null => {
    if (text === '') return null;
    const checked = epaDate(text);
    if ('date' in checked) return checked.date;
    problem(column, text, checked.reason);
    return null;
  };
  // Defined once, not per row: a bulk import parses a million rows.
  function measure(
    v: readonly string[],
    column: ColumnName<'decisions'>,
    unit: 'minutes' | 'count',
  ): number | null {
    const text = v[C[column]] as string;
    const parsed = unit === 'count' ? integer(text) : minutes(text);
    if (parsed.ok) return parsed.value;
    problem(column, text, parsed.reason);
    return null;
  }
  return (rowNumber, v) => {
    n = rowNumber;
    bad = false;
    return parseRow(v);
  };

  function parseRow(v: readonly string[]): DecisionInput | null {
    unusableCells(env, v, problem);
    const ulnText = v[C.uln] as string;
    let uln: string | null = null;
    if (ulnText !== '') {
      const checked = ulnOf(ulnText);
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
    const gateway = dateIn('gateway_date', v[C.gateway_date] as string);
    const date = dateIn('assessment_date', v[C.assessment_date] as string);
    let attempt = 1;
    const attemptText = v[C.attempt] as string;
    if (attemptText !== '') {
      const parsed = integer(attemptText);
      if (!parsed.ok) problem('attempt', attemptText, parsed.reason);
      else if (parsed.value === null || parsed.value < 1 || parsed.value > 20) {
        problem(
          'attempt',
          attemptText,
          'attempt must be a whole number from 1 (first attempt) to 20',
        );
      } else attempt = parsed.value;
    }
    const durationMinutes = measure(v, 'duration_minutes', 'minutes');
    const questioningMinutes = measure(v, 'questioning_minutes', 'minutes');
    const wordCount = measure(v, 'word_count', 'count');
    const evidencePieces = measure(v, 'evidence_pieces', 'count');
    const ecText = v[C.exceptional_circumstances] as string;
    const ecParsed = yesNo(ecText);
    if (!ecParsed.ok) problem('exceptional_circumstances', ecText, ecParsed.reason);
    const ukprnText = v[C.provider_ukprn] as string;
    let ukprn: string | null = null;
    if (ukprnText !== '') {
      const checked = ukprnOf(ukprnText);
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
        (uln ? latestVersion(uln, std.id) : undefined) ??
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
    return {
      row: n,
      ref: (v[C.decision_ref] as string) || null,
      uln,
      givenName: (v[C.given_name] as string) || null,
      familyName: (v[C.family_name] as string) || null,
      employer: (v[C.employer] as string) || null,
      ukprn,
      providerName: (v[C.provider_name] as string) || null,
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
      ecGiven: ecParsed.ok && ecParsed.value !== null,
    };
  }
}
