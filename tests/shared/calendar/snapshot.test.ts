import { describe, expect, it } from 'vitest';

import snapshot from '@shared/calendar/data/bank-holidays-england-and-wales.json' with { type: 'json' };
import { calendarSnapshotSchema, createCalendar, englandAndWales } from '@shared/calendar';

describe('the committed England and Wales snapshot', () => {
  it('passes its own schema', () => {
    expect(calendarSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.division).toBe('england-and-wales');
    expect(snapshot.source).toBe('https://www.gov.uk/bank-holidays.json');
  });

  it('has the expected number of holidays per year', () => {
    // 8 a year; 2022 adds the Platinum Jubilee and the state funeral, 2023 the coronation.
    // (VE Day 2020 replaced the early May holiday rather than adding one.)
    const expected: Record<number, number> = { 2022: 10, 2023: 9 };
    const counts = new Map<number, number>();
    for (const event of snapshot.events) {
      const year = Number(event.date.slice(0, 4));
      counts.set(year, (counts.get(year) ?? 0) + 1);
    }
    for (let year = 2018; year <= 2028; year += 1) {
      expect([year, counts.get(year)]).toEqual([year, expected[year] ?? 8]);
    }
    expect([...counts.keys()].sort()).toEqual([
      2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028,
    ]);
  });

  it('is sorted, without duplicates, and puts no holiday on a weekend', () => {
    const dates = snapshot.events.map((event) => event.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    for (const date of dates) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect([date, weekday === 0 || weekday === 6]).toEqual([date, false]);
    }
  });

  it.each([
    // Good Friday and Easter Monday, from Easter Sundays looked up by hand.
    ['2018-03-30', '2018-04-02'],
    ['2019-04-19', '2019-04-22'],
    ['2020-04-10', '2020-04-13'],
    ['2021-04-02', '2021-04-05'],
    ['2022-04-15', '2022-04-18'],
    ['2023-04-07', '2023-04-10'],
    ['2024-03-29', '2024-04-01'],
    ['2025-04-18', '2025-04-21'],
    ['2026-04-03', '2026-04-06'],
    ['2027-03-26', '2027-03-29'],
    ['2028-04-14', '2028-04-17'],
  ])('has Easter %s and %s', (goodFriday, easterMonday) => {
    expect(englandAndWales.holidayOn(goodFriday)?.title).toBe('Good Friday');
    expect(englandAndWales.holidayOn(easterMonday)?.title).toBe('Easter Monday');
  });
});

describe('calendarSnapshotSchema', () => {
  const event = (date: string) => ({ title: 'Holiday', date, notes: '', bunting: true });
  const base = {
    division: 'england-and-wales',
    source: 'https://www.gov.uk/bank-holidays.json',
    snapshotTaken: '2029-11-01',
  };

  it('rejects an impossible date', () => {
    const result = calendarSnapshotSchema.safeParse({ ...base, events: [event('2029-02-30')] });
    expect(result.success).toBe(false);
  });

  it('rejects a year missing from the middle of the span', () => {
    const result = calendarSnapshotSchema.safeParse({
      ...base,
      events: [event('2029-01-01'), event('2031-01-01')],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/2030/);
  });

  it('rejects an empty list and missing fields', () => {
    expect(calendarSnapshotSchema.safeParse({ ...base, events: [] }).success).toBe(false);
    expect(
      calendarSnapshotSchema.safeParse({ division: 'x', events: [event('2029-01-01')] }).success,
    ).toBe(false);
  });

  it('lets a newer snapshot drive a calendar', () => {
    // A made-up 2029 list: Monday 1 Jan 2029 (1 Jan 2018 was a Monday; 2018-2028 hold 11 years,
    // 3 of them leap, so 11 + 3 = 14 weekday steps = 0 mod 7).
    const newer = createCalendar({ ...base, events: [event('2029-01-01'), event('2029-12-25')] });
    expect(newer.coverage()).toEqual({
      firstYear: 2029,
      lastYear: 2029,
      snapshotTaken: '2029-11-01',
    });
    expect(newer.isWorkingDay('2029-01-01')).toBe(false);
    // Sun 31 Dec 2028 + 1: [Mon 1 Jan holiday] -> Tue 2 Jan. The start itself is not consulted,
    // so the calculation stays inside 2029.
    expect(newer.addDays('2028-12-31', 1, 'working')).toEqual({
      date: '2029-01-02',
      beyondCoverage: false,
    });
    // Fri 29 Dec 2028 + 1 consults Sat 30 and Sun 31 Dec 2028 before reaching 2029.
    expect(newer.addDays('2028-12-29', 1, 'working')).toEqual({
      date: '2029-01-02',
      beyondCoverage: true,
    });
  });

  it('refuses to build a calendar from an invalid snapshot', () => {
    expect(() => createCalendar({ ...base, events: [] })).toThrow();
  });
});
