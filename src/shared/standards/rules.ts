import type { z } from 'zod';

import st0071Json from './data/st0071.json' with { type: 'json' };
import { memoise } from '../memoise';
import {
  StandardDefinitionSchema,
  type Method,
  type OverallCondition,
  type Range,
  type StandardDefinition,
  type StandardVersion,
} from './schema';

// Pure rules over a standard's data. Everything a rule checks (limits, grades, caps, periods)
// is read from the version it is given, so a decision is always judged by its own version.

// ---------------------------------------------------------------------------------------------
// Parsing and semantic checks
// ---------------------------------------------------------------------------------------------

export class StandardDefinitionError extends Error {
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`${subject} is not a valid standard definition:\n- ${problems.join('\n- ')}`);
    this.name = 'StandardDefinitionError';
    this.problems = problems;
  }
}

/** Validates the shape with zod, then the cross-references zod cannot see. Throws on problems. */
export function parseStandardDefinition(json: unknown): StandardDefinition {
  const parsed = StandardDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    throw new StandardDefinitionError(subjectOf(json), parsed.error.issues.map(describeZodIssue));
  }
  const problems = findDefinitionProblems(parsed.data);
  if (problems.length > 0) throw new StandardDefinitionError(parsed.data.code, problems);
  return parsed.data;
}

function subjectOf(json: unknown): string {
  if (typeof json === 'object' && json !== null && 'code' in json) {
    const code = (json as { code: unknown }).code;
    if (typeof code === 'string' && code.trim() !== '') return code;
  }
  return 'The data';
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** Cross-reference problems in an already shape-checked definition; empty when all is well. */
export function findDefinitionProblems(def: StandardDefinition): string[] {
  return [
    ...duplicates(def.versions.map((v) => v.version)).map((v) => `version ${v} appears twice`),
    ...def.versions.flatMap((v) => versionProblems(v).map((p) => `version ${v.version}: ${p}`)),
  ];
}

function versionProblems(v: StandardVersion): string[] {
  return [
    ...gradeProblems(v),
    ...codeProblems(v),
    ...ksbMethodProblems(v),
    ...criterionProblems(v),
    ...coverageProblems(v),
    ...overallRuleProblems(v),
    ...resitProblems(v),
    ...limitProblems(v),
    ...aliasProblems(v),
  ];
}

function gradeProblems(v: StandardVersion): string[] {
  const problems = duplicates(v.grades).map((g) => `grade '${g}' is listed twice`);
  if (!v.grades.includes(v.passGrade)) {
    problems.push(`passGrade '${v.passGrade}' is not one of the grades (${v.grades.join(', ')})`);
  }
  return problems;
}

function codeProblems(v: StandardVersion): string[] {
  const criteria = v.methods.flatMap((m) => m.criteria.map((c) => c.code));
  return [
    ...duplicates(v.methods.map((m) => m.code)).map((c) => `method code '${c}' is used twice`),
    ...duplicates(v.ksbs.map((k) => k.code)).map((c) => `KSB code '${c}' is used twice`),
    ...duplicates(criteria).map((c) => `criterion code '${c}' is used twice`),
  ];
}

function ksbMethodProblems(v: StandardVersion): string[] {
  const methods = v.methods.map((m) => m.code);
  return v.ksbs.flatMap((ksb) => [
    ...ksb.methods
      .filter((m) => !methods.includes(m))
      .map((m) => `KSB ${ksb.code} names method '${m}', which is not one of ${listOf(methods)}`),
    ...duplicates(ksb.methods).map((m) => `KSB ${ksb.code} names method '${m}' twice`),
  ]);
}

function criterionProblems(v: StandardVersion): string[] {
  const passRank = v.grades.indexOf(v.passGrade);
  return v.methods.flatMap((method) =>
    method.criteria.flatMap((c) => {
      const problems: string[] = [];
      const rank = v.grades.indexOf(c.grade);
      if (rank < 0) problems.push(`criterion ${c.code} has unknown grade '${c.grade}'`);
      else if (rank < passRank) {
        problems.push(`criterion ${c.code} is for grade '${c.grade}', below the pass grade`);
      }
      for (const code of c.ksbs) {
        const ksb = v.ksbs.find((k) => k.code === code);
        if (!ksb) problems.push(`criterion ${c.code} names KSB '${code}', which does not exist`);
        else if (!ksb.methods.includes(method.code)) {
          // A criterion can only evidence a KSB its method assesses; catches half-done moves.
          problems.push(
            `criterion ${c.code} names KSB ${code}, which method ${method.code} does not assess`,
          );
        }
      }
      return problems;
    }),
  );
}

/**
 * The plan says meeting every pass criterion demonstrates every KSB, so each KSB a method
 * assesses must be named by one of that method's pass criteria.
 */
function coverageProblems(v: StandardVersion): string[] {
  return v.ksbs.flatMap((ksb) =>
    ksb.methods
      .map((code) => v.methods.find((m) => m.code === code))
      .filter((m): m is Method => m !== undefined)
      .filter((m) => !m.criteria.some((c) => c.grade === v.passGrade && c.ksbs.includes(ksb.code)))
      .map(
        (m) => `KSB ${ksb.code} is assessed by ${m.code} but no ${m.code} pass criterion names it`,
      ),
  );
}

function overallRuleProblems(v: StandardVersion): string[] {
  const problems: string[] = [];
  const rules = v.overallGrade.rules;
  rules.forEach((rule, i) => {
    const where = `overallGrade rule ${i + 1}`;
    for (const grade of [rule.grade, ...conditionGrades(rule.when)]) {
      if (!v.grades.includes(grade)) problems.push(`${where} names unknown grade '${grade}'`);
    }
    if (rule.when === 'otherwise' && i !== rules.length - 1) {
      problems.push(`${where} is 'otherwise' but is not last, so later rules never apply`);
    }
    if (typeof rule.when === 'object' && 'atLeast' in rule.when) {
      if (rule.when.atLeast.count > v.methods.length) {
        problems.push(`${where} needs ${rule.when.atLeast.count} methods but there are fewer`);
      }
    }
  });
  if (rules.at(-1)?.when !== 'otherwise') {
    problems.push(
      "the last overallGrade rule must be 'otherwise', so every combination has a grade",
    );
  }
  return problems;
}

function conditionGrades(when: OverallCondition): string[] {
  if (when === 'otherwise') return [];
  if ('any' in when) return [when.any];
  if ('all' in when) return [when.all];
  return [when.atLeast.grade];
}

function resitProblems(v: StandardVersion): string[] {
  const problems: string[] = [];
  if (!v.grades.includes(v.resits.cap)) {
    problems.push(`resits.cap '${v.resits.cap}' is not one of the grades`);
  }
  for (const code of Object.keys(v.resits.reworkMonths)) {
    if (!v.methods.some((m) => m.code === code)) {
      problems.push(`resits.reworkMonths names method '${code}', which does not exist`);
    }
  }
  return problems;
}

function limitProblems(v: StandardVersion): string[] {
  return v.methods.flatMap((m) => {
    const { durationMinutes, wordCount, evidencePieces } = m.limits;
    const ranges: [string, Range | undefined][] = [
      ['durationMinutes', durationMinutes],
      ['wordCount', wordCount],
      ['evidencePieces', evidencePieces],
    ];
    return ranges.flatMap(([name, range]) =>
      range && !rangeIsOrdered(range)
        ? [`method ${m.code} limits.${name} must have min <= nominal <= max`]
        : [],
    );
  });
}

function rangeIsOrdered(range: Range): boolean {
  const nominal = range.nominal ?? range.min;
  return range.min <= nominal && nominal <= range.max;
}

function aliasProblems(v: StandardVersion): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const method of v.methods) {
    for (const name of new Set(methodNames(method).map(methodKey))) {
      const other = owner.get(name);
      if (other !== undefined && other !== method.code) {
        problems.push(`name '${name}' would match both method ${other} and method ${method.code}`);
      }
      owner.set(name, method.code);
    }
  }
  return problems;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

function listOf(codes: readonly string[]): string {
  return `this version's methods (${codes.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Looking things up
// ---------------------------------------------------------------------------------------------

export function loadBuiltInStandards(): StandardDefinition[] {
  return [parseStandardDefinition(st0071Json)];
}

export function findVersion(def: StandardDefinition, version: string): StandardVersion | undefined {
  return def.versions.find((v) => v.version === version);
}

export function findMethod(version: StandardVersion, code: string): Method | undefined {
  return version.methods.find((m) => m.code === code);
}

/** Position in the version's worst-to-best grade list; -1 for a grade it does not have. */
export function gradeRank(version: StandardVersion, grade: string): number {
  return version.grades.indexOf(grade);
}

function methodNames(method: Method): string[] {
  return [
    method.code,
    method.name,
    ...(method.shortName ? [method.shortName] : []),
    ...method.aliases,
  ];
}

// Imports spell methods many ways ('Work-based project', 'work based project', 'Practical
// observation (with Q&As)'), so only letters and digits count.
function methodKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The method code a free-text name refers to, or null. Ignores case, spaces and punctuation. */
export function resolveMethod(version: StandardVersion, text: string): string | null {
  const key = methodKey(text);
  if (key === '') return null;
  const method = version.methods.find((m) => methodNames(m).some((n) => methodKey(n) === key));
  return method?.code ?? null;
}

/**
 * The grade a free-text value refers to, or null. Accepts the grade's name in any case and
 * spacing, or its initial where no other grade shares it. Punctuation is kept on purpose:
 * 'Distinction*' is a different grade scale, not a Distinction.
 */
export function resolveGrade(version: StandardVersion, text: string): string | null {
  const key = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  if (key === '') return null;
  const byName = version.grades.find((g) => g.toLowerCase().replace(/\s+/g, '') === key);
  if (byName !== undefined) return byName;
  if (key.length !== 1) return null;
  const byInitial = version.grades.filter((g) => g.toLowerCase().startsWith(key));
  return byInitial.length === 1 ? (byInitial[0] ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Overall grade and re-sit cap
// ---------------------------------------------------------------------------------------------

export type OverallGradeResult = { grade: string } | { grade: null; reason: string };

/** Combines one grade per method by the version's rules, first match wins. */
export function overallGrade(
  version: StandardVersion,
  gradesByMethod: Readonly<Record<string, string | undefined>>,
): OverallGradeResult {
  const problem = overallInputProblem(version, gradesByMethod);
  if (problem !== null) return { grade: null, reason: problem };
  const grades = version.methods.map((m) => gradesByMethod[m.code] ?? '');
  const rule = version.overallGrade.rules.find((r) => conditionHolds(version, r.when, grades));
  if (!rule) return { grade: null, reason: 'no overall grade rule applies to these grades' };
  return { grade: rule.grade };
}

function overallInputProblem(
  version: StandardVersion,
  gradesByMethod: Readonly<Record<string, string | undefined>>,
): string | null {
  const unknownMethod = Object.keys(gradesByMethod).find((code) => !findMethod(version, code));
  if (unknownMethod !== undefined) {
    return `'${unknownMethod}' is not a method of version ${version.version}`;
  }
  for (const method of version.methods) {
    const grade = gradesByMethod[method.code];
    if (grade === undefined || grade === '') {
      return `no grade yet for the ${method.name} (${method.code})`;
    }
    if (gradeRank(version, grade) < 0) {
      const known = version.grades.join(', ');
      return `'${grade}' for the ${method.name} (${method.code}) is not one of ${known}`;
    }
  }
  return null;
}

function conditionHolds(
  version: StandardVersion,
  when: OverallCondition,
  grades: readonly string[],
): boolean {
  if (when === 'otherwise') return true;
  if ('any' in when) return grades.includes(when.any);
  if ('all' in when) return grades.every((g) => g === when.all);
  const floor = gradeRank(version, when.atLeast.grade);
  return grades.filter((g) => gradeRank(version, g) >= floor).length >= when.atLeast.count;
}

export interface ResitContext {
  /** 1 for the first attempt; 2 or more for a re-sit or re-take. */
  attempt: number;
  exceptionalCircumstances?: boolean;
}

export interface CappedGrade {
  grade: string;
  capped: boolean;
}

/** The grade that may stand for an attempt: re-sits and re-takes are capped unless waived. */
export function capResitGrade(
  version: StandardVersion,
  grade: string,
  context: ResitContext,
): CappedGrade {
  const rank = gradeRank(version, grade);
  if (rank < 0) {
    throw new RangeError(`'${grade}' is not a grade of version ${version.version}`);
  }
  if (!resitCapApplies(version, context)) return { grade, capped: false };
  const cap = version.resits.cap;
  return rank > gradeRank(version, cap) ? { grade: cap, capped: true } : { grade, capped: false };
}

function resitCapApplies(version: StandardVersion, context: ResitContext): boolean {
  if (context.attempt <= 1) return false;
  const waived = version.resits.capWaivedForExceptionalCircumstances;
  return !(waived && context.exceptionalCircumstances === true);
}

// ---------------------------------------------------------------------------------------------
// Compliance with the plan's limits
// ---------------------------------------------------------------------------------------------

export type ComplianceIssueCode =
  | 'unknown_method'
  | 'unknown_grade'
  | 'invalid_attempt'
  | 'invalid_date'
  | 'duration_out_of_range'
  | 'questioning_share_exceeded'
  | 'word_count_out_of_range'
  | 'evidence_pieces_out_of_range'
  | 'assessment_before_gateway'
  | 'epa_period_exceeded'
  | 'resit_window_exceeded'
  | 'resit_above_cap'
  | 'resit_after_pass';

export interface ComplianceIssue {
  code: ComplianceIssueCode;
  /** The decision field the issue is about, e.g. 'durationMinutes'. */
  field: string;
  /** Plain English for the moderator, e.g. 'questioning 22% of observation (limit 15%)'. */
  message: string;
}

export interface DecisionForLimits {
  /** Method code, e.g. 'O'; resolve free text with resolveMethod first. */
  method: string;
  attempt: number;
  grade: string;
  durationMinutes?: number | null;
  questioningMinutes?: number | null;
  wordCount?: number | null;
  evidencePieces?: number | null;
  assessmentDate?: string | null;
  gatewayDate?: string | null;
  exceptionalCircumstances?: boolean | null;
}

/** Checks one method decision against its version's limits. Missing values are not issues. */
export function checkDecisionLimits(
  version: StandardVersion,
  decision: DecisionForLimits,
): ComplianceIssue[] {
  const method = findMethod(version, decision.method);
  const issues: ComplianceIssue[] = [];
  if (!method) {
    issues.push({
      code: 'unknown_method',
      field: 'method',
      message: `'${decision.method}' is not a method of version ${version.version}`,
    });
  }
  issues.push(...gradeAndAttemptIssues(version, decision));
  if (method) issues.push(...measurementIssues(method, decision));
  issues.push(...dateIssues(version, decision));
  return issues;
}

function gradeAndAttemptIssues(
  version: StandardVersion,
  decision: DecisionForLimits,
): ComplianceIssue[] {
  const issues: ComplianceIssue[] = [];
  const attemptValid = Number.isInteger(decision.attempt) && decision.attempt >= 1;
  if (!attemptValid) {
    issues.push({
      code: 'invalid_attempt',
      field: 'attempt',
      message: `attempt ${decision.attempt} is not a whole number from 1`,
    });
  }
  if (gradeRank(version, decision.grade) < 0) {
    issues.push({
      code: 'unknown_grade',
      field: 'grade',
      message: `'${decision.grade}' is not one of ${version.grades.join(', ')}`,
    });
  } else if (attemptValid) {
    issues.push(...resitCapIssues(version, decision));
  }
  return issues;
}

function resitCapIssues(version: StandardVersion, decision: DecisionForLimits): ComplianceIssue[] {
  const { capped } = capResitGrade(version, decision.grade, {
    attempt: decision.attempt,
    exceptionalCircumstances: decision.exceptionalCircumstances === true,
  });
  if (!capped) return [];
  return [
    {
      code: 'resit_above_cap',
      field: 'grade',
      message:
        `re-sit or re-take (attempt ${decision.attempt}) graded ${decision.grade}: capped at ` +
        `${version.resits.cap} unless exceptional circumstances are recorded`,
    },
  ];
}

/** An earlier attempt of the same method of the same EPA. */
export interface EarlierAttempt {
  attempt: number;
  grade: string;
}

/**
 * Where the plan allows re-sits and re-takes only "where a pass has not been achieved", a later
 * attempt of a method an earlier attempt passed is an issue, whatever grade it was given and
 * whether or not exceptional circumstances were recorded (they excuse the cap after a fail, not
 * a second go at a pass). `earlier` may hold any attempts of the method; later ones are ignored.
 */
export function resitAfterPassIssue(
  version: StandardVersion,
  method: string,
  attempt: number,
  earlier: readonly EarlierAttempt[],
): ComplianceIssue | null {
  if (!version.resits.onlyAfterFail || attempt <= 1) return null;
  const pass = gradeRank(version, version.passGrade);
  let passed: EarlierAttempt | undefined;
  for (const e of earlier) {
    if (e.attempt >= attempt || gradeRank(version, e.grade) < pass) continue;
    if (!passed || e.attempt < passed.attempt) passed = e;
  }
  if (!passed) return null;
  const m = findMethod(version, method);
  return {
    code: 'resit_after_pass',
    field: 'attempt',
    message:
      `attempt ${attempt} of ${m?.shortName ?? m?.name ?? method} after attempt ${passed.attempt} ` +
      `was graded ${passed.grade}: a method may be re-sat or re-taken only where a pass has not ` +
      `been achieved`,
  };
}

// The message builders are made once, not per decision: a bulk import checks a million rows.
const DESCRIBE_DURATION: RangeCheck = {
  code: 'duration_out_of_range',
  field: 'durationMinutes',
  describe: (value, allowed, subject) =>
    `${subject} lasted ${value} minutes (allowed ${allowed} minutes)`,
};
const DESCRIBE_WORDS: RangeCheck = {
  code: 'word_count_out_of_range',
  field: 'wordCount',
  describe: (value, allowed, subject, method) =>
    `${subject} ${value} words (allowed ${allowed}` +
    `${method.limits.wordCount?.annexesExcluded ? ', annexes excluded' : ''})`,
};
const DESCRIBE_EVIDENCE: RangeCheck = {
  code: 'evidence_pieces_out_of_range',
  field: 'evidencePieces',
  describe: (value, allowed, subject) =>
    `${subject} ${value} pieces of evidence (allowed ${allowed})`,
};

function measurementIssues(method: Method, decision: DecisionForLimits): ComplianceIssue[] {
  const { limits } = method;
  const issues: ComplianceIssue[] = [];
  const duration = rangeIssue(
    method,
    limits.durationMinutes,
    decision.durationMinutes,
    DESCRIBE_DURATION,
  );
  if (duration) issues.push(duration);
  const questioning = questioningIssue(method, decision);
  if (questioning) issues.push(questioning);
  const words = rangeIssue(method, limits.wordCount, decision.wordCount, DESCRIBE_WORDS);
  if (words) issues.push(words);
  const evidence = rangeIssue(
    method,
    limits.evidencePieces,
    decision.evidencePieces,
    DESCRIBE_EVIDENCE,
  );
  if (evidence) issues.push(evidence);
  return issues;
}

interface RangeCheck {
  code: ComplianceIssueCode;
  field: string;
  /** `subject` is the range's own subject when it names one, else the method's short name. */
  describe: (value: string, allowed: string, subject: string, method: Method) => string;
}

function rangeIssue(
  method: Method,
  range: Range | undefined,
  value: number | null | undefined,
  check: RangeCheck,
): ComplianceIssue | null {
  if (!range || !isNumber(value) || inRange(value, range)) return null;
  return {
    code: check.code,
    field: check.field,
    message: check.describe(
      num(value),
      span(range),
      range.appliesTo ?? method.shortName ?? method.name,
      method,
    ),
  };
}

/**
 * The plan caps questioning at a share of "the total time allowed". The share is taken of the
 * session's recorded length when there is one (the time actually allowed on the day), but never
 * of more than the plan allows (a session that overran earns no more questioning), and of the
 * nominal length when none was recorded.
 */
function questioningIssue(method: Method, decision: DecisionForLimits): ComplianceIssue | null {
  const maxShare = method.limits.questioningMaxShare;
  const questioning = decision.questioningMinutes;
  if (maxShare === undefined || !isNumber(questioning)) return null;
  const recorded = decision.durationMinutes;
  const allowed = method.limits.durationMinutes;
  const overran = isNumber(recorded) && allowed !== undefined && recorded > allowed.max;
  const base = overran
    ? allowed.max
    : isNumber(recorded) && recorded > 0
      ? recorded
      : allowed?.nominal;
  if (base === undefined) return null;
  // The tolerance absorbs float error so that exactly 15% is not reported as over 15%.
  if (questioning <= maxShare * base + 1e-9) return null;
  const of = overran
    ? `${num(questioning)} of the ${num(base)} minutes allowed, though it lasted ${num(recorded)}`
    : `${num(questioning)} of ${num(base)} minutes`;
  return {
    code: 'questioning_share_exceeded',
    field: 'questioningMinutes',
    message:
      `questioning ${percent(questioning / base)} of ${method.shortName ?? method.name} ` +
      `(${of}; limit ${percent(maxShare)})`,
  };
}

function dateIssues(version: StandardVersion, decision: DecisionForLimits): ComplianceIssue[] {
  const assessed = checkedDate(decision.assessmentDate, 'assessmentDate');
  const gateway = checkedDate(decision.gatewayDate, 'gatewayDate');
  const issues: ComplianceIssue[] = [];
  if (assessed.issue) issues.push(assessed.issue);
  if (gateway.issue) issues.push(gateway.issue);
  if (assessed.date === null || gateway.date === null) return issues;
  if (assessed.date < gateway.date) {
    issues.push({
      code: 'assessment_before_gateway',
      field: 'assessmentDate',
      message:
        `assessed on ${longDate(assessed.date)}, ` +
        `before the gateway on ${longDate(gateway.date)}`,
    });
    return issues;
  }
  const period = periodIssue(version, decision.attempt, assessed.date, gateway.date);
  if (period) issues.push(period);
  return issues;
}

/**
 * A first attempt must fall within the EPA period after the gateway. A re-sit or re-take has the
 * longer re-sit window instead; the decision carries no date for the failed attempt, so that
 * window is also counted from the gateway date given.
 */
function periodIssue(
  version: StandardVersion,
  attempt: number,
  assessed: string,
  gateway: string,
): ComplianceIssue | null {
  const resit = attempt > 1;
  const months = resit ? version.resits.windowMonths : version.epa.periodMonthsAfterGateway;
  const lastDay = addCalendarMonths(gateway, months);
  if (assessed <= lastDay) return null;
  const what = resit ? 're-sit window' : 'EPA period';
  return {
    code: resit ? 'resit_window_exceeded' : 'epa_period_exceeded',
    field: 'assessmentDate',
    message:
      `assessed on ${longDate(assessed)}, after the ${what} ended on ${longDate(lastDay)} ` +
      `(${months} months after the gateway on ${longDate(gateway)})`,
  };
}

function checkedDate(
  value: string | null | undefined,
  field: string,
): { date: string | null; issue?: ComplianceIssue } {
  if (value === undefined || value === null || value === '') return { date: null };
  if (parseIsoDate(value)) return { date: value };
  return {
    date: null,
    issue: { code: 'invalid_date', field, message: `'${value}' is not a date (YYYY-MM-DD)` },
  };
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function inRange(value: number, range: Range): boolean {
  return value >= range.min && value <= range.max;
}

// One formatter for every message: toLocaleString builds a new one per call (~50 µs), which
// dominated bulk imports that raise tens of thousands of flags.
const NUMBER_FORMAT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

function num(value: number): string {
  return NUMBER_FORMAT.format(value);
}

function span(range: Range): string {
  return `${num(range.min)}–${num(range.max)}`;
}

function percent(share: number): string {
  return `${num(Math.round(share * 1000) / 10)}%`;
}

// ---------------------------------------------------------------------------------------------
// Calendar dates (ISO 'YYYY-MM-DD', no time zone involved)
// ---------------------------------------------------------------------------------------------

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Remembered (see memoise): a bulk import reads the same few hundred dates a million times,
// three reads and one month sum per decision.
const parseIsoDate = memoise(readIsoDate, 20_000);

function readIsoDate(value: string): Readonly<CalendarDate> | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function formatIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** addCalendarMonths, remembered per number of months (a handful: the policies' windows). */
const monthsLater = new Map<number, (isoDate: string) => string>();

/**
 * The same day of the month `months` later, clamped to the month's last day, as people count
 * "within 3 months": 30 November + 3 months is 28 February (29 in a leap year).
 */
export function addCalendarMonths(isoDate: string, months: number): string {
  let later = monthsLater.get(months);
  if (!later) {
    if (!Number.isInteger(months))
      throw new RangeError(`${months} is not a whole number of months`);
    if (monthsLater.size >= 100) monthsLater.clear();
    monthsLater.set(months, (later = memoise((iso) => monthsAfter(iso, months), 20_000)));
  }
  return later(isoDate);
}

function monthsAfter(isoDate: string, months: number): string {
  const date = parseIsoDate(isoDate);
  if (!date) throw new RangeError(`'${isoDate}' is not a date (YYYY-MM-DD)`);
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatIsoDate({ year, month, day: Math.min(date.day, daysInMonth(year, month)) });
}

function longDate(isoDate: string): string {
  const date = parseIsoDate(isoDate);
  if (!date) return isoDate;
  return `${date.day} ${MONTH_NAMES[date.month - 1] ?? ''} ${date.year}`;
}
