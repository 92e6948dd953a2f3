/** Helpers every row processor shares: column positions and the dates rules. */
import {
  excelErrorReason,
  longDate,
  parseDate,
  templateColumns,
  type ColumnName,
  type ImportKind,
} from '@shared/imports';
import { memoise } from '@shared/memoise';
import type { ImportEnv } from './env';

/** Template column name → its position in the values a processor receives. */
export function columnIndex<K extends ImportKind>(
  kind: K,
): Readonly<Record<ColumnName<K>, number>> {
  return Object.fromEntries(templateColumns(kind).map((c, i) => [c.name, i])) as Record<
    ColumnName<K>,
    number
  >;
}

/**
 * Apprenticeship standards, and with them end-point assessment, began in 2014: an EPA,
 * moderation or standardisation date before then is a typing slip, not history.
 */
export const EARLIEST_EPA_DATE = '2014-01-01';

type Problem = (column: string, value: string, message: string) => void;

type DateCheck = (text: string) => { date: string } | { reason: string };

/** Date checks by (today, earliest): every import of a day shares one, and what it remembers. */
const dateChecks = new Map<string, DateCheck>();

/** A date check for one import: the date, or the reason it is refused. */
export function dateCheck(today: string, earliest: string | null): DateCheck {
  const key = `${today}|${earliest ?? ''}`;
  let check = dateChecks.get(key);
  if (!check) {
    if (dateChecks.size > 8) dateChecks.clear();
    dateChecks.set(key, (check = newDateCheck(today, earliest)));
  }
  return check;
}

function newDateCheck(today: string, earliest: string | null): DateCheck {
  return memoise((text) => {
    const parsed = parseDate(text);
    if (!parsed.ok) return { reason: parsed.reason };
    if (parsed.value > today) {
      return { reason: `${longDate(parsed.value)} is in the future (today is ${longDate(today)})` };
    }
    if (earliest !== null && parsed.value < earliest) {
      return {
        reason: `${longDate(parsed.value)} is before apprenticeship standards began (2014); check the year`,
      };
    }
    return { date: parsed.value };
  });
}

/** A date that cannot be in the future; null when blank or refused (the problem is reported). */
export function pastDate(
  env: ImportEnv,
  column: string,
  text: string,
  problem: Problem,
  earliest: string | null,
): string | null {
  if (text === '') return null;
  const checked = dateCheck(env.today, earliest)(text);
  if ('reason' in checked) {
    problem(column, text, checked.reason);
    return null;
  }
  return checked.date;
}

/** A date in an EPA's life (gateway, assessment, moderation, standardisation). */
export function epaDate(
  env: ImportEnv,
  _row: number,
  column: string,
  text: string,
  problem: Problem,
): string | null {
  return pastDate(env, column, text, problem, EARLIEST_EPA_DATE);
}

const HASH = 35;
const EQUALS = 61;

/**
 * Reports each required column left empty, and each cell showing one of Excel's errors (#N/A,
 * #REF!...) or a formula without its value, in any column: a failed lookup must become neither
 * an employer called "#N/A" nor a row without its employer.
 */
export function unusableCells(
  env: Pick<ImportEnv, 'columns'>,
  values: readonly string[],
  problem: Problem,
): void {
  const columns = env.columns;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as (typeof columns)[number];
    const value = values[i] as string;
    if (value === '') {
      if (c.required) problem(c.name, '', `${c.name} is required but empty`);
    } else if (value.charCodeAt(0) === HASH || value.charCodeAt(0) === EQUALS) {
      const reason = excelErrorReason(value);
      if (reason) problem(c.name, value, reason);
    }
  }
}

/** A rejected row as the file gave it, for the preview (which shows the first rows). */
export const rawDisplay =
  (env: Pick<ImportEnv, 'columns'>, v: readonly string[]) => (): Record<string, string> =>
    Object.fromEntries(env.columns.map((c, i) => [c.name, v[i] ?? '']).filter(([, x]) => x !== ''));
