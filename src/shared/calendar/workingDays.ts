import { z } from 'zod';

import englandAndWalesSnapshot from './data/bank-holidays-england-and-wales.json' with { type: 'json' };

// Working-day arithmetic over a dated snapshot of the UK government's bank-holiday list
// (docs/rules.md, "Working days"). Dates are ISO 'YYYY-MM-DD' strings and all arithmetic is in
// UTC, so a deadline never shifts with the machine's time zone or a clock change.

const DAY_MS = 86_400_000;

export const bankHolidayEventSchema = z.object({
  title: z.string().min(1),
  date: z.iso.date(),
  notes: z.string(),
  bunting: z.boolean(),
});

export const calendarSnapshotSchema = z
  .object({
    division: z.string().min(1),
    events: z.array(bankHolidayEventSchema).min(1),
    snapshotTaken: z.iso.date(),
    source: z.string().min(1),
  })
  .superRefine((snapshot, ctx) => {
    // Coverage is reported as a span of years, so a year with no events inside that span would
    // be treated as "covered" while every holiday in it was silently counted as a working day.
    const years = new Set(snapshot.events.map((event) => yearOf(event.date)));
    const first = Math.min(...years);
    const last = Math.max(...years);
    for (let year = first; year <= last; year += 1) {
      if (!years.has(year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['events'],
          message: `Snapshot has no bank holidays for ${year}, inside the years it covers`,
        });
      }
    }
  });

export type BankHolidayEvent = z.infer<typeof bankHolidayEventSchema>;
export type CalendarSnapshot = z.infer<typeof calendarSnapshotSchema>;

export type DayUnit = 'working' | 'calendar';

export interface CalendarCoverage {
  firstYear: number;
  lastYear: number;
  snapshotTaken: string;
}

export interface AddDaysResult {
  date: string;
  /** True when the answer depended on a date in a year the snapshot does not cover. */
  beyondCoverage: boolean;
}

export interface WorkingDayCalendar {
  /** Monday to Friday and not a bank holiday. Outside coverage only weekends are known. */
  isWorkingDay(date: string): boolean;
  /** The bank holiday on that date, if the snapshot lists one. */
  holidayOn(date: string): BankHolidayEvent | undefined;
  /** "n working days after date": counts from the next day; n = 0 gives date; n < 0 counts back. */
  addWorkingDays(date: string, n: number): string;
  /**
   * Working days after `from` up to and including `to`. When `to` is before `from`, minus the
   * working days before `from` back to and including `to`, so that
   * workingDaysBetween(d, addWorkingDays(d, n)) === n for every n.
   */
  workingDaysBetween(from: string, to: string): number;
  addCalendarDays(date: string, n: number): string;
  coverage(): CalendarCoverage;
  addDays(date: string, n: number, unit: DayUnit): AddDaysResult;
}

function toDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    // Date.UTC rolls 2026-02-30 over into March; a round trip catches it.
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / DAY_MS;
  }
  throw new RangeError(`Not a date in YYYY-MM-DD form: '${date}'`);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day count must be a whole number: ${n}`);
}

export function createCalendar(snapshot: CalendarSnapshot): WorkingDayCalendar {
  const parsed = calendarSnapshotSchema.parse(snapshot);
  const holidays = new Map<number, BankHolidayEvent>();
  for (const event of parsed.events) holidays.set(toDayNumber(event.date), event);
  const years = parsed.events.map((event) => yearOf(event.date));
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);

  const isWorkingDayNumber = (day: number): boolean => {
    // 1970-01-01 (day 0) was a Thursday; getUTCDay would allocate a Date per step.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6 && !holidays.has(day);
  };

  const inCoverage = (day: number): boolean => {
    const year = yearOf(fromDayNumber(day));
    return year >= firstYear && year <= lastYear;
  };

  // Walks from `start`, one day at a time, until |n| working days have been counted.
  const stepWorkingDays = (start: number, n: number): number => {
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let day = start;
    while (remaining > 0) {
      day += step;
      if (isWorkingDayNumber(day)) remaining -= 1;
    }
    return day;
  };

  const addWorkingDays = (date: string, n: number): string => {
    checkCount(n);
    return fromDayNumber(stepWorkingDays(toDayNumber(date), n));
  };

  const workingDaysBetween = (from: string, to: string): number => {
    const start = toDayNumber(from);
    const end = toDayNumber(to);
    let count = 0;
    if (end >= start) {
      for (let day = start + 1; day <= end; day += 1) if (isWorkingDayNumber(day)) count += 1;
      return count;
    }
    for (let day = start - 1; day >= end; day -= 1) if (isWorkingDayNumber(day)) count += 1;
    return -count;
  };

  const addCalendarDays = (date: string, n: number): string => {
    checkCount(n);
    return fromDayNumber(toDayNumber(date) + n);
  };

  const addDays = (date: string, n: number, unit: DayUnit): AddDaysResult => {
    checkCount(n);
    const start = toDayNumber(date);
    if (unit === 'calendar') {
      // Calendar days never consult the holiday list, so the snapshot's years cannot make the
      // answer wrong and a warning would only teach users to ignore it.
      return { date: fromDayNumber(start + n), beyondCoverage: false };
    }
    const end = stepWorkingDays(start, n);
    // The dates consulted are those strictly after the start up to the end (or mirrored when
    // counting back). Coverage is a contiguous span, so checking the two extremes suffices.
    const touchedFirst = Math.min(start + Math.sign(n), end);
    const touchedLast = Math.max(start + Math.sign(n), end);
    const beyondCoverage = n !== 0 && !(inCoverage(touchedFirst) && inCoverage(touchedLast));
    return { date: fromDayNumber(end), beyondCoverage };
  };

  return {
    isWorkingDay: (date) => isWorkingDayNumber(toDayNumber(date)),
    holidayOn: (date) => holidays.get(toDayNumber(date)),
    addWorkingDays,
    workingDaysBetween,
    addCalendarDays,
    coverage: () => ({ firstYear, lastYear, snapshotTaken: parsed.snapshotTaken }),
    addDays,
  };
}

// Parsed at load so a hand-edited snapshot with a bad date fails every test run, not a deadline.
export const englandAndWales: WorkingDayCalendar = createCalendar(englandAndWalesSnapshot);
