/**
 * The import templates: a published interface. EPAOs build exports and spreadsheets against
 * these exact header names, so never rename a column; add new ones at the end, optional.
 */

export const IMPORT_KINDS = ['decisions', 'moderation', 'assessors', 'standardisation'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ColumnType = 'text' | 'uln' | 'ukprn' | 'date' | 'integer' | 'number' | 'yes_no';

export interface TemplateColumn<N extends string = string> {
  name: N;
  required: boolean;
  type: ColumnType;
  description: string;
  example: string;
  /** Other headers that probably mean this column; suggested in the mapping step, never assumed. */
  synonyms: readonly string[];
}

export interface ImportTemplate {
  kind: ImportKind;
  title: string;
  /** What one row is, for the page and the README. */
  row: string;
  columns: readonly TemplateColumn[];
}

const col = <const N extends string>(
  name: N,
  required: boolean,
  type: ColumnType,
  description: string,
  example: string,
  synonyms: readonly string[] = [],
): TemplateColumn<N> => ({ name, required, type, description, example, synonyms });

const DECISIONS = {
  kind: 'decisions',
  title: 'Assessor decisions',
  row: 'one row per method attempt',
  // prettier-ignore
  columns: [
    col('decision_ref', false, 'text', "The source system's id; the key for re-imports.", 'EPA-2026-00017-O-1', ['decision id', 'reference', 'ref', 'record id', 'booking ref']),
    col('uln', true, 'uln', 'Unique learner number: 10 digits with a valid check digit.', '1000000043', ['unique learner number', 'learner uln', 'apprentice uln', 'learner number']),
    col('given_name', false, 'text', "Apprentice's given name.", 'Amira', ['first name', 'forename', 'learner first name']),
    col('family_name', false, 'text', "Apprentice's family name.", 'Khan', ['surname', 'last name', 'learner surname']),
    col('employer', false, 'text', 'Employer name.', 'Leeds Retail Ltd', ['employer name', 'company']),
    col('provider_ukprn', false, 'ukprn', "Training provider's UKPRN: 8 digits starting with 1.", '10012345', ['ukprn', 'provider', 'training provider ukprn']),
    col('provider_name', false, 'text', 'Training provider name.', 'Leeds College', ['training provider', 'provider name']),
    col('standard_code', true, 'text', 'Standard reference, e.g. ST0071.', 'ST0071', ['standard', 'standard reference', 'st code', 'std', 'std code', 'standard code', 'apprenticeship standard']),
    col('standard_version', false, 'text', 'Version of the standard; when blank, the version the EPA already has or the latest.', '1.1', ['version', 'plan version', 'assessment plan version']),
    col('gateway_date', false, 'date', 'Gateway date.', '2026-01-12', ['gateway', 'date of gateway', 'gateway passed', 'passed gateway', 'gateway passed date']),
    col('method', true, 'text', 'Assessment method: code (O, WBP, PD) or name.', 'O', ['assessment method', 'component', 'method code', 'activity']),
    col('attempt', false, 'integer', '1 for the first attempt, 2 or more for a re-sit or re-take; blank means 1.', '1', ['attempt number', 'sitting']),
    col('assessor_ref', true, 'text', "Independent assessor's reference.", 'IA001', ['assessor', 'assessor id', 'assessor code', 'ia ref']),
    col('assessor_name', false, 'text', "Assessor's name; needed when the assessor is new.", 'Dana Hughes', ['assessor full name']),
    col('assessment_date', true, 'date', 'Date of this method attempt (not in the future).', '2026-03-14', ['date', 'assessed on', 'date assessed', 'assessment date']),
    col('grade', true, 'text', 'Grade of this method: a grade of the standard (Fail, Pass, Distinction).', 'Pass', ['result', 'outcome', 'method grade', 'component grade']),
    col('duration_minutes', false, 'number', 'Length of the session in minutes.', '60', ['duration', 'minutes', 'length', 'duration mins', 'duration in minutes']),
    col('questioning_minutes', false, 'number', 'Minutes spent questioning (observation).', '8', ['questioning', 'q&a minutes', 'questioning mins', 'questioning time']),
    col('word_count', false, 'integer', 'Words in the project report, annexes excluded.', '2480', ['words', 'report words']),
    col('evidence_pieces', false, 'integer', 'Pieces of evidence in the portfolio.', '12', ['evidence', 'portfolio pieces', 'evidence items', 'pieces of evidence', 'evidence count']),
    col('exceptional_circumstances', false, 'yes_no', 'Yes when the EPAO recorded exceptional circumstances for a re-sit or re-take.', 'no', ['ec', 'exceptional', 'exceptional circs', 'ec applied']),
  ],
} as const satisfies ImportTemplate;

const MODERATION = {
  kind: 'moderation',
  title: 'Moderation history',
  row: 'one row per moderation of a decision',
  // prettier-ignore
  columns: [
    col('decision_ref', true, 'text', 'The decision moderated (as imported).', 'EPA-2026-00017-O-1', ['decision id', 'reference', 'ref']),
    col('moderator', true, 'text', 'Who moderated: an IQA user name where there is one.', 'Ruth Patel', ['moderated by', 'iqa', 'moderator name']),
    col('moderation_date', true, 'date', 'When (not in the future).', '2026-04-02', ['date', 'date moderated', 'moderated on']),
    col('activity', true, 'text', 'Documentation review, live observation or remote observation.', 'Documentation review', ['type', 'moderation activity', 'method of moderation']),
    col('moderated_grade', true, 'text', "The moderator's grade for the method.", 'Pass', ['grade', 'iqa grade', 'moderator grade']),
    col('feedback', false, 'text', 'Feedback to the assessor.', 'Clear evidence for each criterion.', ['comments', 'notes']),
  ],
} as const satisfies ImportTemplate;

const ASSESSORS = {
  kind: 'assessors',
  title: 'Assessors',
  row: 'one row per independent assessor',
  // prettier-ignore
  columns: [
    col('assessor_ref', true, 'text', "The assessor's reference.", 'IA001', ['ref', 'assessor', 'assessor id']),
    col('name', true, 'text', 'Full name.', 'Dana Hughes', ['assessor name', 'full name']),
    col('email', false, 'text', 'Email address.', 'dana.hughes@example.org', ['email address', 'e-mail']),
    col('start_date', false, 'date', 'Started assessing for the EPAO.', '2024-09-01', ['started', 'start']),
    col('qualification_status', false, 'text', 'Assessor qualification: held, working towards or equivalent expertise.', 'held', ['qualification', 'assessor qualification']),
    col('competence_since', false, 'date', 'Occupationally competent since.', '2015-06-01', ['competent since', 'occupational competence']),
    col('conflicts', false, 'text', 'Declared conflicts of interest: employer names or provider UKPRNs, separated by ;', 'Leeds Retail Ltd; 10012345', ['conflicts of interest', 'declared conflicts']),
  ],
} as const satisfies ImportTemplate;

const STANDARDISATION = {
  kind: 'standardisation',
  title: 'Standardisation attendance',
  row: 'one row per assessor per event',
  // prettier-ignore
  columns: [
    col('event_date', true, 'date', 'Date of the event (not in the future).', '2026-02-10', ['date', 'when', 'event on']),
    col('event_title', true, 'text', 'Title of the event.', 'ST0071 spring standardisation', ['title', 'event name', 'event', 'session']),
    col('assessor_ref', true, 'text', "The assessor's reference.", 'IA001', ['assessor', 'assessor id']),
    col('attended', true, 'yes_no', 'yes or no.', 'yes', ['attendance', 'present']),
  ],
} as const satisfies ImportTemplate;

export const IMPORT_TEMPLATES = {
  decisions: DECISIONS,
  moderation: MODERATION,
  assessors: ASSESSORS,
  standardisation: STANDARDISATION,
} as const satisfies Record<ImportKind, ImportTemplate>;

/** The column names of a template, as a type. */
export type ColumnName<K extends ImportKind> =
  (typeof IMPORT_TEMPLATES)[K]['columns'][number]['name'];

export function templateColumns(kind: ImportKind): readonly TemplateColumn[] {
  return IMPORT_TEMPLATES[kind].columns;
}

/** A header as the templates spell it: lower case, words joined by '_' ("Decision Ref" → decision_ref). */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

// Letters and digits only, for suggestions ("Learner ULN" vs "learner_uln").
function looseKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, '');
}

/** Template column → the source header it reads from, or null for "not in this file". */
export type ColumnMapping = Record<string, string | null>;

export interface HeaderMatch {
  kind: ImportKind;
  /** Every header is a template column and every required column is there: no mapping needed. */
  exact: boolean;
  /** Best guess for each template column; synonyms included, so review it when not exact. */
  mapping: ColumnMapping;
  missingRequired: string[];
  /** Source headers that no template column reads. */
  unused: string[];
}

/** Matches a file's headers to a template: exact names first, then synonyms as suggestions. */
export function matchHeaders(kind: ImportKind, headers: readonly string[]): HeaderMatch {
  const columns = templateColumns(kind);
  const byNormal = new Map<string, string>();
  const byLoose = new Map<string, string>();
  for (const h of headers) {
    if (h.trim() === '') continue;
    if (!byNormal.has(normaliseHeader(h))) byNormal.set(normaliseHeader(h), h);
    if (!byLoose.has(looseKey(h))) byLoose.set(looseKey(h), h);
  }
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  let allExact = true;
  // Exact names first, so a synonym never steals a header another column owns by name.
  for (const c of columns) {
    const hit = byNormal.get(c.name);
    mapping[c.name] = hit ?? null;
    if (hit !== undefined) used.add(hit);
  }
  for (const c of columns) {
    if (mapping[c.name] !== null) continue;
    const candidates = [c.name, ...c.synonyms].map(looseKey);
    const hit = candidates.map((k) => byLoose.get(k)).find((h) => h !== undefined && !used.has(h));
    if (hit !== undefined) {
      mapping[c.name] = hit;
      used.add(hit);
      allExact = false;
    }
  }
  const unused = headers.filter((h) => h.trim() !== '' && !used.has(h));
  const missingRequired = columns
    .filter((c) => c.required && mapping[c.name] === null)
    .map((c) => c.name);
  return {
    kind,
    exact: allExact && missingRequired.length === 0 && unused.length === 0,
    mapping,
    missingRequired,
    unused,
  };
}

/** Which template a header row most likely belongs to, or null when none fits. */
export function guessKind(headers: readonly string[]): ImportKind | null {
  let best: { kind: ImportKind; score: number } | null = null;
  for (const kind of IMPORT_KINDS) {
    const m = matchHeaders(kind, headers);
    const required = templateColumns(kind).filter((c) => c.required).length;
    const found = required - m.missingRequired.length;
    // Columns matched, less those a template needs and the file lacks: a template with few
    // required columns (assessors: a ref and a name) must not win on a fraction alone.
    const matched = Object.values(m.mapping).filter((h) => h !== null).length;
    const score = matched - 2 * m.missingRequired.length;
    if (found >= 2 && (best === null || score > best.score)) best = { kind, score };
  }
  return best?.kind ?? null;
}

/**
 * The key a saved mapping is filed under: the set of headers, ignoring order, case and
 * spacing, so next month's export of the same system finds it again.
 */
export function headerSetKey(headers: readonly string[]): string {
  return [...new Set(headers.map(normaliseHeader).filter((h) => h !== ''))].sort().join('|');
}

/**
 * A saved mapping names the headers of the file it was made for. Another file with the same
 * header set (found by headerSetKey, which ignores case and spacing) may spell them differently
 * ("DATE" for "Date"): each source is read as this file's spelling of it.
 */
export function alignMapping(mapping: ColumnMapping, headers: readonly string[]): ColumnMapping {
  const present = new Set(headers);
  return Object.fromEntries(
    Object.entries(mapping).map(([column, source]) => {
      if (source === null || present.has(source)) return [column, source];
      const wanted = normaliseHeader(source);
      return [column, headers.find((h) => normaliseHeader(h) === wanted) ?? source];
    }),
  );
}

/** Problems with a mapping the user chose: required columns left out, a header used twice. */
export function mappingProblems(
  kind: ImportKind,
  mapping: ColumnMapping,
  headers: readonly string[],
): string[] {
  const problems: string[] = [];
  const present = new Set(headers);
  const seen = new Map<string, string>();
  for (const c of templateColumns(kind)) {
    const source = mapping[c.name] ?? null;
    if (source === null) {
      if (c.required) problems.push(`Choose the column that holds ${c.name} (required).`);
      continue;
    }
    if (!present.has(source)) {
      problems.push(`${c.name} reads column "${source}", which this file does not have.`);
      continue;
    }
    const other = seen.get(source);
    if (other !== undefined) {
      problems.push(`Column "${source}" is chosen for both ${other} and ${c.name}.`);
    }
    seen.set(source, c.name);
  }
  return problems;
}
