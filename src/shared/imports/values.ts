/**
 * Reading the values people type into spreadsheets: dates in ISO, UK day/month/year or Excel's
 * day numbers (never US month/day), yes/no, counts with thousands separators. Each parser
 * returns the normalised value or a reason a moderator can act on.
 */
import { capitalise } from '../labels';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function calendar(y: number, m: number, d: number, raw: string, dayFirst = false): Parsed<string> {
  if (m < 1 || m > 12) {
    return fail(
      dayFirst && d >= 1 && d <= 12 && m <= 31
        ? `'${raw}' has month ${m}: dates are day/month/year (UK), never US month/day/year`
        : `'${raw}' has month ${m}, which does not exist`,
    );
  }
  if (d < 1 || d > daysIn(y, m)) {
    const name = MONTHS[m - 1] ?? '';
    return fail(`'${raw}' is not a real date: ${capitalise(name)} ${y} has ${daysIn(y, m)} days`);
  }
  if (y < 1900 || y > 2999) return fail(`'${raw}' has the year ${y}, which cannot be right`);
  return ok(`${pad(y, 4)}-${pad(m)}-${pad(d)}`);
}

// Excel's day 60 is the 29 February 1900 that never was; serials from 61 on count from 30 Dec 1899.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Day numbers for 1 Jan 1950 to 31 Dec 2099: anything else is more likely a typo than a date. */
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73415;

/** An Excel day number (1900 date system) as YYYY-MM-DD. */
export function excelSerialToIso(serial: number): string {
  const ms = EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** A time of day after a date, which is ignored: 09:30, 9:30:15, 9:30:15.000, 9:00 AM, 9.00pm. */
const TIME = String.raw`(?:,?\s+(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)?`;
/**
 * 2026-03-14, perhaps with a time (T09:30, 09:30:00.000, 9:30 AM) and the zone it is in (Z, UTC,
 * +01:00, +00 as PostgreSQL writes it). The time counts only with a zone: see ukDateOf.
 */
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?\s*([ap])?(?:\.?m\.?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** Year first with slashes or dots (2026/03/14): no one writes year/day/month. */
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${TIME}$`, 'i');
const UK = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})${TIME}$`, 'i');
/** 14 Mar 2026, 14-Mar-26 (Excel's d-mmm-yy), Saturday, 14th March 2026. */
const WORDS = new RegExp(
  String.raw`^(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})${TIME}$`,
  'i',
);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A date written with its weekday must fall on that weekday, or one of the two is a typo. */
function sameWeekday(iso: string, typed: string, raw: string): Parsed<string> {
  const actual = WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()] as string;
  if (actual.startsWith(typed.toLowerCase())) return ok(iso);
  return fail(`'${raw}' does not add up: ${longDate(iso)} is a ${capitalise(actual)}`);
}

const HOUR_MS = 3_600_000;

/** The last Sunday of a month (1-12) of `y`, at 01:00 UTC, when British clocks change. */
function clockChange(y: number, month: number): number {
  const last = new Date(Date.UTC(y, month, 0, 1));
  return last.getTime() - last.getUTCDay() * 24 * HOUR_MS;
}

/**
 * The date in the UK of an instant written with its zone (2026-06-14T23:00:00Z): a date picked
 * in the UK and exported by a web platform or database as midnight UTC is 23:00 the day before
 * in summer time, so the date as written would be a day early. `m` is ISO's match.
 */
function ukDateOf(iso: string, m: RegExpExecArray): string {
  const [y, mo, d] = iso.split('-').map(Number) as [number, number, number];
  const half = m[7]?.toLowerCase();
  const hour = half ? (Number(m[4]) % 12) + (half === 'p' ? 12 : 0) : Number(m[4]);
  const zone = (m[8] as string).toUpperCase();
  let offset = 0;
  if (zone !== 'Z' && zone !== 'UTC' && zone !== 'GMT') {
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    offset = (zone.startsWith('-') ? -minutes : minutes) * 60_000;
  }
  const utc = Date.UTC(y, mo - 1, d, hour, Number(m[5]), Number(m[6] ?? 0)) - offset;
  const summer = utc >= clockChange(y, 3) && utc < clockChange(y, 10);
  return new Date(utc + (summer ? HOUR_MS : 0)).toISOString().slice(0, 10);
}

const fullYear = (text: string): number => (text.length === 2 ? 2000 + Number(text) : Number(text));

/**
 * A calendar date from a cell. Accepts 2026-03-14 (with or without a time; one with its zone,
 * 2026-06-14T23:00:00Z, is the date it was in the UK), 2026/03/14,
 * 14/03/2026 (with or without a time), 14.03.2026, 14-03-26, 14 Mar 2026, 14-Mar-26, Saturday,
 * 14 March 2026 and Excel day numbers. Never reads US month/day order: a
 * date such as 03/14/2026 is refused with that reason.
 */
export function parseDate(raw: string): Parsed<string> {
  const text = raw.trim();
  if (text === '') return fail('no date given');
  let m = ISO.exec(text);
  if (m) {
    const date = calendar(Number(m[1]), Number(m[2]), Number(m[3]), text);
    return m[8] && date.ok ? ok(ukDateOf(date.value, m)) : date;
  }
  m = YEAR_FIRST.exec(text);
  if (m) return calendar(Number(m[1]), Number(m[2]), Number(m[3]), text);
  m = UK.exec(text);
  if (m) return calendar(fullYear(m[3] as string), Number(m[2]), Number(m[1]), text, true);
  m = WORDS.exec(text);
  if (m) {
    const word = (m[3] as string).toLowerCase();
    const month = MONTHS.findIndex((name) => name.startsWith(word.slice(0, 3)));
    if (month >= 0 && (word.length === 3 || (MONTHS[month] as string).startsWith(word))) {
      const date = calendar(fullYear(m[4] as string), month + 1, Number(m[2]), text);
      return m[1] && date.ok ? sameWeekday(date.value, m[1], text) : date;
    }
  }
  if (/^\d{8}$/.test(text)) {
    return calendar(
      Number(text.slice(0, 4)),
      Number(text.slice(4, 6)),
      Number(text.slice(6)),
      text,
    );
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    const serial = Number(text);
    if (serial >= SERIAL_MIN && serial <= SERIAL_MAX) return ok(excelSerialToIso(serial));
    return fail(`'${text}' is a number, not a date`);
  }
  return fail(`'${text}' is not a date: use day/month/year (14/03/2026) or YYYY-MM-DD`);
}

/**
 * Which way round a date written with numbers only (03/14/2026) can be read: 'month-first' when
 * it is a real date only month first, as a US export writes it; 'day-first' only day first
 * (14/03/2026); 'either' when both are real dates and different ones (03/04/2026); null for
 * anything else (ISO, words, 04/04/2026, not a date). A file with some of the first makes the
 * third doubtful.
 */
export function dateOrder(raw: string): 'month-first' | 'day-first' | 'either' | null {
  const m = UK.exec(raw.trim());
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[2]);
  if (first < 1 || second < 1 || first === second) return null;
  const year = fullYear(m[3] as string);
  const dayFirst = second <= 12 && first <= daysIn(year, second);
  const monthFirst = first <= 12 && second <= daysIn(year, first);
  if (dayFirst && monthFirst) return 'either';
  return dayFirst ? 'day-first' : monthFirst ? 'month-first' : null;
}

/**
 * Zero-width characters (U+200B to U+200D, U+2060) that text copied from a web page or some
 * exports carries around a value: String.trim() keeps them, and an invisible one would make
 * "Pass" not a grade, or "IA001" another assessor. (trim() already takes the byte-order mark
 * and non-breaking spaces.)
 */
const ZERO_WIDTH_EDGES = /^[\s\u200b-\u200d\u2060]+|[\s\u200b-\u200d\u2060]+$/g;
const FIRST_ZERO_WIDTH = 0x200b;

/** A cell's value without the spaces, and the zero-width characters, around it. */
export function trimCell(raw: string): string {
  const text = raw.trim();
  // Cheap first: a value a million rows give neither starts nor ends at U+200B or above.
  if (
    text.charCodeAt(0) < FIRST_ZERO_WIDTH &&
    text.charCodeAt(text.length - 1) < FIRST_ZERO_WIDTH
  ) {
    return text;
  }
  return text === '' ? text : text.replace(ZERO_WIDTH_EDGES, '');
}

/** "14 March 2026", for messages. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const name = MONTHS[m - 1] ?? '';
  return `${d} ${capitalise(name)} ${y}`;
}

const YES = new Set(['yes', 'y', 'true', 't', '1', 'x', '✓', '✔', 'attended', 'present']);
const NO = new Set(['no', 'n', 'false', 'f', '0', 'absent', 'did not attend', 'dna']);

/** What people type for "nothing to say here". */
const NOT_GIVEN = new Set(['n/a', 'na', 'none', 'nil', 'not applicable', '-', '–', '—']);

/** n/a, none, a dash...: a cell that says there is nothing, rather than being left blank. */
export function isNotGiven(raw: string): boolean {
  return NOT_GIVEN.has(raw.trim().toLowerCase());
}

/**
 * A name as people type it, for matching: any capitals, any spacing ("ACME  Retail ltd " is
 * "Acme Retail Ltd"), any quotes ("O’Brien" is "O'Brien"), and one Unicode form: an accent typed
 * as its own mark (as macOS and some exports write "Zoë") or a full-width letter matches the
 * usual character. Employers, titles,
 * assessor refs, moderators and reviewers are matched this way.
 */
export function nameKey(text: string): string {
  // Most names are ASCII, which normalising would leave as they are.
  const one = NOT_ASCII.test(text)
    ? text.normalize('NFKC').replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, '"')
    : text;
  return one.trim().replace(/\s+/g, ' ').toLowerCase();
}
const NOT_ASCII = /[^ -~\t\n\r]/;
/** Quotes as Excel and Word turn them as they are typed ("O’Brien" for "O'Brien"), and primes. */
const CURLY_SINGLE = /[\u2018\u2019\u201a\u201b\u2032]/g;
const CURLY_DOUBLE = /[\u201c\u201d\u201e\u201f\u2033]/g;

/** What Excel shows in a cell whose formula failed (#N/A from a lookup that found nothing...). */
const EXCEL_ERROR =
  /^#(?:N\/A|VALUE!|REF!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)$/i;
/** A cell reference, maybe on another sheet (A2, $B$7, Sheet2!B7, 'Assessor list'!B7, A1:A3). */
const REF = String.raw`(?:'[^']+'!|[A-Z0-9_]+!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?`;
/** What a formula combines after its first reference: references, numbers, text in quotes, calls. */
const TERM = String.raw`(?:${REF}|\d+(?:\.\d+)?|"[^"]*"|[A-Z_][A-Z0-9_.]*\([^()]*\))`;
/**
 * A formula rather than its value: a function call (=VLOOKUP(B2,A:B,2,FALSE)), or a reference
 * and what an operator joins to it (=A2, =B4 * 2, =A2&" "&B2). Text that merely starts with '='
 * and reads on in words ("=KSB3 not evidenced, see WBP-P2") is not one.
 */
const FORMULA = new RegExp(
  String.raw`^=\s*(?:[A-Z_][A-Z0-9_.]*\(.*\)|${REF}(?:\s*[-+*/&^]\s*${TERM})*)\s*$`,
  'i',
);

/**
 * Why a cell holding one of Excel's error values, or a formula with no value saved, cannot be
 * imported, whatever the column wanted; null for any other value. The parsers' own reasons
 * ("'#N/A' is not a number") would send the user looking at the wrong thing.
 */
export function excelErrorReason(raw: string): string | null {
  const text = raw.trim();
  if (EXCEL_ERROR.test(text)) {
    return `'${text}' is the error Excel shows when a formula fails, not a value: fix the formula in the spreadsheet, or type the value`;
  }
  if (text === '=') {
    return `a formula copied down from a cell above, with no value saved in the file (Excel shows an error there, or the program that saved it does not work formulas out): fix the formula, or paste the column as values`;
  }
  if (FORMULA.test(text)) {
    return `'${text}' is a formula with no value saved in the file (Excel shows an error there, or the program that saved it does not work formulas out): fix the formula, or paste the column as values`;
  }
  return null;
}

/** yes/no in its many spellings; null for blank (or n/a, none). */
export function parseYesNo(raw: string): Parsed<boolean | null> {
  const text = raw.trim().toLowerCase();
  if (text === '' || isNotGiven(text)) return ok(null);
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`'${raw.trim()}' is not yes or no`);
}

/** Thousands separated by commas, or by spaces of any kind, one kind in a number: "2,500", "2 500". */
const THOUSANDS = /^\d{1,3}(?:(?:,\d{3})+|(?:[ \u00a0\u202f]\d{3})+)(?:\.\d+)?$/;
/** A decimal comma, maybe after thousands separated by full stops or spaces: "56,5", "1.234,5". */
const DECIMAL_COMMA = /^(?:\d{1,3}(?:([ .\u00a0\u202f])\d{3})(?:\1\d{3})*|\d*),\d+$/;
/** Full stops between thousands, as European spreadsheets write whole numbers: "2.743", "3.000". */
const DOTTED_THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;

/**
 * A non-negative number; blank is null. Thousands may be separated by commas or spaces ("2,500",
 * "2 500"), as UK and European spreadsheets show them. A decimal comma ("56,5") is refused with
 * the fix, not guessed: "2,500" would then be ambiguous. So are full stops between thousands in
 * a whole number ("3.000" words): three thousand, or three?
 */
export function parseNumber(raw: string, integer: boolean): Parsed<number | null> {
  const given = raw.trim();
  let text = given;
  if (text === '') return ok(null);
  if (THOUSANDS.test(text)) text = text.replace(/[, \u00a0\u202f]/g, '');
  if (integer && DOTTED_THOUSANDS.test(text)) {
    return fail(
      `'${given}' is not a whole number: write thousands as ${text.replace(/\./g, '')} or with commas`,
    );
  }
  if (!/^\d+(\.\d+)?$/.test(text) && !/^\.\d+$/.test(text)) {
    if (DECIMAL_COMMA.test(text)) {
      const fixed = text.replace(/[ .\u00a0\u202f]/g, '').replace(',', '.');
      return fail(`'${given}' is not a number: write decimals with a full stop (${fixed})`);
    }
    return fail(text.startsWith('-') ? `'${given}' is negative` : `'${given}' is not a number`);
  }
  const value = Number(text);
  if (integer && !Number.isInteger(value)) return fail(`'${given}' is not a whole number`);
  return ok(value);
}

/** "1.1", "v1.1", "V 1.1" and "1" (→ 1.0) all name a version. */
export function normaliseVersion(raw: string): string {
  const text = raw
    .trim()
    .replace(/^v(ersion)?\s*/i, '')
    .trim();
  return /^\d+$/.test(text) ? `${text}.0` : text;
}

export const MODERATION_ACTIVITY_CODES = [
  'documentation_review',
  'live_observation',
  'remote_observation',
] as const;
export type ModerationActivityCode = (typeof MODERATION_ACTIVITY_CODES)[number];

/** The moderation activity a free-text value names. */
export function parseActivity(raw: string): Parsed<ModerationActivityCode> {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (key === '') return fail('no activity given');
  if (/\bremote|online|video|teams|zoom\b/.test(key)) return ok('remote_observation');
  if (/\b(live|observ|observed|shadow)/.test(key)) return ok('live_observation');
  if (/\b(doc|documentation|desk|paper|sample|review|portfolio|evidence)/.test(key)) {
    return ok('documentation_review');
  }
  return fail(
    `'${raw.trim()}' is not a moderation activity (documentation review, live observation or remote observation)`,
  );
}

/** Cells arrive as text; spreadsheets shorten long numbers into 1E+09, which loses digits. */
export function looksShortenedByExcel(text: string): boolean {
  return /^\d(\.\d+)?E\+\d+$/i.test(text.trim());
}
