import { describe, expect, it } from 'vitest';

import { englandAndWales as cal } from '@shared/calendar';

// Anchors for hand-computing weekdays: 25 Dec 2026 is a Friday (so 26 Dec is the Saturday in
// rules.md), 1 Jan 2018 and 25 Dec 2028 are Mondays, 1 Nov 2026 is a Sunday.

describe('isWorkingDay', () => {
  it('treats weekends as non-working', () => {
    // 20 Nov 2026 is 35 days before Friday 25 Dec, so a Friday; 21-22 Nov are the weekend.
    expect(cal.isWorkingDay('2026-11-20')).toBe(true);
    expect(cal.isWorkingDay('2026-11-21')).toBe(false);
    expect(cal.isWorkingDay('2026-11-22')).toBe(false);
    expect(cal.isWorkingDay('2026-11-23')).toBe(true);
  });

  it('knows Easter 2026', () => {
    // Easter Sunday 5 Apr 2026.
    expect(cal.isWorkingDay('2026-04-02')).toBe(true);
    expect(cal.isWorkingDay('2026-04-03')).toBe(false);
    expect(cal.isWorkingDay('2026-04-06')).toBe(false);
    expect(cal.isWorkingDay('2026-04-07')).toBe(true);
  });

  it('knows substitute days', () => {
    // Boxing Day 2026 is a Saturday, so Monday 28 Dec is the holiday.
    expect(cal.isWorkingDay('2026-12-28')).toBe(false);
    expect(cal.holidayOn('2026-12-28')).toMatchObject({
      title: 'Boxing Day',
      notes: 'Substitute day',
    });
    // Christmas 2027 Saturday -> Monday 27; Boxing Day Sunday -> Tuesday 28.
    expect(cal.isWorkingDay('2027-12-27')).toBe(false);
    expect(cal.isWorkingDay('2027-12-28')).toBe(false);
    expect(cal.isWorkingDay('2027-12-29')).toBe(true);
    // Christmas 2022 Sunday: Boxing Day stays on Monday 26, Christmas moves to Tuesday 27.
    expect(cal.isWorkingDay('2022-12-26')).toBe(false);
    expect(cal.isWorkingDay('2022-12-27')).toBe(false);
    // New Year's Day 2028 is a Saturday -> Monday 3 Jan.
    expect(cal.isWorkingDay('2028-01-03')).toBe(false);
    expect(cal.isWorkingDay('2028-01-04')).toBe(true);
  });

  it('knows the one-off and moved holidays', () => {
    expect(cal.isWorkingDay('2023-05-08')).toBe(false); // coronation
    expect(cal.isWorkingDay('2022-09-19')).toBe(false); // state funeral
    // VE Day 2020: early May holiday moved from Monday 4 to Friday 8 May.
    expect(cal.isWorkingDay('2020-05-04')).toBe(true);
    expect(cal.isWorkingDay('2020-05-08')).toBe(false);
    // Platinum Jubilee 2022: spring holiday moved from Monday 30 May to Thursday 2 June.
    expect(cal.isWorkingDay('2022-05-30')).toBe(true);
    expect(cal.isWorkingDay('2022-06-02')).toBe(false);
    expect(cal.isWorkingDay('2022-06-03')).toBe(false);
  });

  it('rejects malformed dates', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-2-3')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('03/02/2026')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('starts counting the day after', () => {
    expect(cal.addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
    // Mon 23 Nov 2026 + 5: Tue 24, Wed 25, Thu 26, Fri 27, Mon 30.
    expect(cal.addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
  });

  it('returns the date itself for n = 0, even on a non-working day', () => {
    expect(cal.addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-21', 0)).toBe('2026-11-21');
  });

  it('skips weekends', () => {
    // Fri 20 Nov and Sat 21 Nov 2026 both reach Monday 23 Nov as the first working day after.
    expect(cal.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-21', 1)).toBe('2026-11-23');
  });

  it('counts across Christmas and New Year 2026', () => {
    // Fri 18 Dec 2026 + 10: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), [Fri 25 holiday,
    // weekend, Mon 28 substitute], Tue 29 (5), Wed 30 (6), Thu 31 (7), [Fri 1 Jan holiday,
    // weekend], Mon 4 (8), Tue 5 (9), Wed 6 Jan 2027 (10).
    expect(cal.addWorkingDays('2026-12-18', 10)).toBe('2027-01-06');
  });

  it('counts across Easter 2026', () => {
    // Thu 2 Apr + 1: [Good Friday 3, weekend, Easter Monday 6] -> Tue 7 Apr.
    expect(cal.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    // Wed 1 Apr + 5: Thu 2 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5).
    expect(cal.addWorkingDays('2026-04-01', 5)).toBe('2026-04-10');
  });

  it('counts across substitute days in 2027', () => {
    // Fri 24 Dec 2027 + 1: [weekend, Mon 27 and Tue 28 substitutes] -> Wed 29.
    expect(cal.addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
  });

  it('counts across the New Year 2028 substitute day and Easter 2027', () => {
    // Fri 31 Dec 2027 + 1: [weekend, Mon 3 Jan 2028 substitute for New Year's Day] -> Tue 4 Jan.
    expect(cal.addWorkingDays('2027-12-31', 1)).toBe('2028-01-04');
    // Thu 25 Mar 2027 + 1: [Good Friday 26, weekend, Easter Monday 29] -> Tue 30 Mar.
    expect(cal.addWorkingDays('2027-03-25', 1)).toBe('2027-03-30');
    // Counting back over the same gap: Tue 30 Mar 2027 - 1 -> Thu 25 Mar.
    expect(cal.addWorkingDays('2027-03-30', -1)).toBe('2027-03-25');
  });

  it('counts across one-off holidays', () => {
    // Fri 5 May 2023 + 1: [weekend, coronation Mon 8] -> Tue 9.
    expect(cal.addWorkingDays('2023-05-05', 1)).toBe('2023-05-09');
    // Fri 16 Sep 2022 + 1: [weekend, state funeral Mon 19] -> Tue 20.
    expect(cal.addWorkingDays('2022-09-16', 1)).toBe('2022-09-20');
  });

  it('counts back for negative n, starting the day before', () => {
    expect(cal.addWorkingDays('2026-11-23', -1)).toBe('2026-11-20');
    expect(cal.addWorkingDays('2026-11-22', -1)).toBe('2026-11-20');
    // Mon 4 Jan 2027 - 3: [Sun 3, Sat 2, Fri 1 holiday], Thu 31 (1), Wed 30 (2), Tue 29 (3).
    expect(cal.addWorkingDays('2027-01-04', -3)).toBe('2026-12-29');
  });

  it('rejects a fractional count', () => {
    expect(() => cal.addWorkingDays('2026-11-23', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after from, up to and including to', () => {
    expect(cal.workingDaysBetween('2026-12-18', '2027-01-06')).toBe(10);
    expect(cal.workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(cal.workingDaysBetween('2026-11-20', '2026-11-22')).toBe(0);
    expect(cal.workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1);
  });

  it('is negative when to is before from', () => {
    expect(cal.workingDaysBetween('2027-01-04', '2026-12-29')).toBe(-3);
    expect(cal.workingDaysBetween('2026-11-22', '2026-11-20')).toBe(-1);
  });

  it('counts whole years', () => {
    // 2026 starts on a Thursday and has 365 days: 52 weeks + 1 Thursday = 261 weekdays, less its
    // 8 bank holidays, all on weekdays = 253.
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(253);
    // 2022 starts on a Saturday: 52 weeks + 1 Saturday = 260 weekdays, less 10 holidays = 250.
    expect(cal.workingDaysBetween('2021-12-31', '2022-12-31')).toBe(250);
  });

  it('undoes addWorkingDays for every start date and count', () => {
    // Every start in late 2026 to early 2027 (weekends and holidays included), n in -25..25.
    for (let offset = 0; offset < 60; offset += 1) {
      const start = cal.addCalendarDays('2026-11-15', offset);
      for (let n = -25; n <= 25; n += 1) {
        expect(cal.workingDaysBetween(start, cal.addWorkingDays(start, n))).toBe(n);
      }
    }
  });
});

describe('addCalendarDays', () => {
  it('adds plain days across months, leap days and years', () => {
    expect(cal.addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(cal.addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(cal.addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(cal.addCalendarDays('2026-12-25', 10)).toBe('2027-01-04');
  });
});

describe('addDays', () => {
  it('uses working days or calendar days as asked', () => {
    expect(cal.addDays('2026-12-18', 10, 'working')).toEqual({
      date: '2027-01-06',
      beyondCoverage: false,
    });
    // 18 Dec + 10 calendar days = 28 Dec, holiday or not.
    expect(cal.addDays('2026-12-18', 10, 'calendar')).toEqual({
      date: '2026-12-28',
      beyondCoverage: false,
    });
  });

  it('flags a working-day calculation that runs into 2029', () => {
    // Wed 20 Dec 2028 + 10: Thu 21 (1), Fri 22 (2), [Christmas Mon 25, Boxing Day Tue 26],
    // Wed 27 (3), Thu 28 (4), Fri 29 (5), Mon 1 Jan 2029 (6: unknown to the snapshot, though
    // it will be a bank holiday, which is why the app must warn), Tue 2 (7), Wed 3 (8), Thu 4 (9),
    // Fri 5 (10).
    expect(cal.addDays('2028-12-20', 10, 'working')).toEqual({
      date: '2029-01-05',
      beyondCoverage: true,
    });
  });

  it('does not flag a calculation that stays inside 2028', () => {
    // Thu 28 Dec 2028 + 1 = Fri 29 Dec.
    expect(cal.addDays('2028-12-28', 1, 'working')).toEqual({
      date: '2028-12-29',
      beyondCoverage: false,
    });
    expect(cal.addDays('2028-12-29', 0, 'working')).toEqual({
      date: '2028-12-29',
      beyondCoverage: false,
    });
  });

  it('flags counting back before 2018', () => {
    // Fri 5 Jan 2018 - 5: Thu 4 (1), Wed 3 (2), Tue 2 (3), [Mon 1 holiday, Sun 31, Sat 30],
    // Fri 29 Dec 2017 (4), Thu 28 Dec 2017 (5).
    expect(cal.addDays('2018-01-05', -5, 'working')).toEqual({
      date: '2017-12-28',
      beyondCoverage: true,
    });
  });

  it('does not flag calendar days, which never consult the holiday list', () => {
    // 20 Dec 2028 + 30 = 50 Dec = 19 Jan 2029.
    expect(cal.addDays('2028-12-20', 30, 'calendar')).toEqual({
      date: '2029-01-19',
      beyondCoverage: false,
    });
  });
});

describe('coverage', () => {
  it('reports the snapshot years and date', () => {
    expect(cal.coverage()).toEqual({
      firstYear: 2018,
      lastYear: 2028,
      snapshotTaken: '2026-11-22',
    });
  });
});
