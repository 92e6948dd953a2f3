import { describe, expect, it } from 'vitest';
import {
  dateOrder,
  excelErrorReason,
  excelSerialToIso,
  looksShortenedByExcel,
  nameKey,
  normaliseVersion,
  parseActivity,
  parseDate,
  parseNumber,
  parseYesNo,
} from '../../../src/shared/imports';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T | string =>
  r.ok ? r.value : `! ${r.reason}`;

describe('dates as people type them', () => {
  it.each([
    ['2026-03-14', '2026-03-14'],
    ['2026-3-4', '2026-03-04'],
    ['2026-03-14T00:00:00', '2026-03-14'],
    ['2026-03-14 09:30', '2026-03-14'],
    ['14/03/2026', '2026-03-14'],
    ['4/3/2026', '2026-03-04'],
    ['14.03.2026', '2026-03-14'],
    ['14-03-26', '2026-03-14'],
    ['14/03/2026 00:00', '2026-03-14'],
    ['14 Mar 2026', '2026-03-14'],
    ['14th March 2026', '2026-03-14'],
    ['20260314', '2026-03-14'],
    ['46095', '2026-03-14'],
    ['29/02/2024', '2024-02-29'],
    ['2026/03/14', '2026-03-14'],
    ['14/03/2026 9:00 AM', '2026-03-14'],
    ['14/03/2026 09.30pm', '2026-03-14'],
    ['14-Mar-26', '2026-03-14'],
    ['Saturday, 14 March 2026', '2026-03-14'],
    ['Sat 14th Mar 2026 14:00', '2026-03-14'],
  ])('reads %s as %s', (text, iso) => {
    expect(value(parseDate(text))).toBe(iso);
  });

  it.each([
    // An instant with its zone, as web platforms and databases export a date picked in the UK:
    // 15 June, midnight in summer time, is 23:00 the day before in UTC. Before, the date was
    // read as written, one day early, silently.
    ['2026-06-14T23:00:00.000Z', '2026-06-15'],
    ['2026-06-14 23:30:00 UTC', '2026-06-15'],
    ['2026-01-14T23:00:00Z', '2026-01-14'],
    ['2026-02-14T23:30:00-05:00', '2026-02-15'],
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    ['2026-03-29T23:30:00Z', '2026-03-30'],
    ['2026-10-25T23:30:00Z', '2026-10-25'],
    // A database's own spellings of one: a zone in hours alone (PostgreSQL), 12-hour times.
    ['2026-02-14 09:30:00+00', '2026-02-14'],
    ['2026-02-14 9:30 AM', '2026-02-14'],
    ['2026-02-14 09:30:00 PM', '2026-02-14'],
    ['14/02/2026 09:30:00.000', '2026-02-14'],
  ])('reads the instant %s as its UK date %s', (text, iso) => {
    expect(value(parseDate(text))).toBe(iso);
  });

  it('reads 03/04/2026 as 3 April, never 4 March', () => {
    expect(value(parseDate('03/04/2026'))).toBe('2026-04-03');
  });

  it.each([
    [
      '03/14/2026',
      "! '03/14/2026' has month 14: dates are day/month/year (UK), never US month/day/year",
    ],
    ['31/02/2026', "! '31/02/2026' is not a real date: February 2026 has 28 days"],
    ['29/02/2026', "! '29/02/2026' is not a real date: February 2026 has 28 days"],
    ['2026-13-01', "! '2026-13-01' has month 13, which does not exist"],
    ['12', "! '12' is a number, not a date"],
    [
      'next Tuesday',
      "! 'next Tuesday' is not a date: use day/month/year (14/03/2026) or YYYY-MM-DD",
    ],
    ['', '! no date given'],
    ['2026/14/03', "! '2026/14/03' has month 14, which does not exist"],
    [
      'Friday, 14 March 2026',
      "! 'Friday, 14 March 2026' does not add up: 14 March 2026 is a Saturday",
    ],
    [
      '14-Mar-26 25:99',
      "! '14-Mar-26 25:99' is not a date: use day/month/year (14/03/2026) or YYYY-MM-DD",
    ],
  ])('refuses %s', (text, reason) => {
    expect(value(parseDate(text))).toBe(reason);
  });

  it('converts Excel day numbers in the 1900 system', () => {
    expect(excelSerialToIso(45658)).toBe('2025-01-01');
    expect(excelSerialToIso(46095.75)).toBe('2026-03-14');
  });
});

describe('other values', () => {
  it('reads yes and no in their spellings, blank as not given', () => {
    expect(
      ['Yes', 'y', 'TRUE', '1', 'no', 'N', 'false', '0', ''].map((t) => value(parseYesNo(t))),
    ).toEqual([true, true, true, true, false, false, false, false, null]);
    expect(value(parseYesNo('perhaps'))).toBe("! 'perhaps' is not yes or no");
    expect(['N/A', 'none', '-'].map((t) => value(parseYesNo(t)))).toEqual([null, null, null]);
  });

  it('reads counts with thousands separators and refuses words and negatives', () => {
    expect(value(parseNumber('2,500', true))).toBe(2500);
    expect(['2 500', '2\u00a0500', '1 234 567.5'].map((t) => value(parseNumber(t, false)))).toEqual(
      [2500, 2500, 1234567.5],
    );
    // A decimal comma or a full stop between thousands is refused, with the fix.
    expect(value(parseNumber('56,5', false))).toBe(
      "! '56,5' is not a number: write decimals with a full stop (56.5)",
    );
    expect(value(parseNumber('2.743', true))).toBe(
      "! '2.743' is not a whole number: write thousands as 2743 or with commas",
    );
    expect(value(parseNumber('2 50', true))).toBe("! '2 50' is not a number");
    // Ambiguous or mixed forms are refused, not guessed.
    expect(value(parseNumber('3.000', true))).toBe(
      "! '3.000' is not a whole number: write thousands as 3000 or with commas",
    );
    expect(value(parseNumber('3.000', false))).toBe(3);
    expect(value(parseNumber('1 234,5', false))).toBe(
      "! '1 234,5' is not a number: write decimals with a full stop (1234.5)",
    );
    expect(value(parseNumber('1.234,5', false))).toBe(
      "! '1.234,5' is not a number: write decimals with a full stop (1234.5)",
    );
    expect(value(parseNumber('1 234,567', true))).toBe(
      "! '1 234,567' is not a number: write decimals with a full stop (1234.567)",
    );
    expect(['1,000 000', '1.000 000'].map((t) => value(parseNumber(t, true)))).toEqual([
      "! '1,000 000' is not a number",
      "! '1.000 000' is not a number",
    ]);
    expect(value(parseNumber('61.5', false))).toBe(61.5);
    expect(value(parseNumber('', true))).toBeNull();
    expect(value(parseNumber('61.5', true))).toBe("! '61.5' is not a whole number");
    expect(value(parseNumber('-3', false))).toBe("! '-3' is negative");
    expect(value(parseNumber('sixty', false))).toBe("! 'sixty' is not a number");
  });

  it('names versions loosely and activities by their words', () => {
    expect(['1.1', 'v1.1', 'Version 1.0', '1'].map(normaliseVersion)).toEqual([
      '1.1',
      '1.1',
      '1.0',
      '1.0',
    ]);
    expect(
      ['Documentation review', 'desk sample', 'Live observation', 'Observed', 'Remote (Teams)'].map(
        (t) => value(parseActivity(t)),
      ),
    ).toEqual([
      'documentation_review',
      'documentation_review',
      'live_observation',
      'live_observation',
      'remote_observation',
    ]);
  });

  it('spots ULNs a spreadsheet shortened', () => {
    expect(looksShortenedByExcel('1E+09')).toBe(true);
    expect(looksShortenedByExcel('1.00000E+09')).toBe(true);
    expect(looksShortenedByExcel('1000000043')).toBe(false);
  });

  it('tells an Excel error or a formula without its value from text that merely starts alike', () => {
    const refused = ['#N/A', '#n/a', ' #REF! ', '#DIV/0!', '#NAME?', '#VALUE!', '#SPILL!'];
    const formulas = [
      '=VLOOKUP(B2,A:B,2,FALSE)',
      '=IF(C2 > 60, "Pass", "Fail")',
      '=A2',
      "='Assessor list'!B7",
      '=Sheet2!$B$7',
      '=B4*2',
      '=B4 * 2',
      '=A2&" "&B2',
      '=A2 & TEXT(B2,"dd/mm/yyyy")',
    ];
    const kept = [
      '#1 assessor',
      '#',
      'N/A',
      '=> see notes',
      '= 5',
      '==',
      'A#N/A',
      '=KSB3 not evidenced, see WBP-P2',
    ];
    for (const v of refused) expect(excelErrorReason(v)).toMatch(/error Excel shows/);
    for (const v of formulas) expect(excelErrorReason(v)).toMatch(/formula with no value/);
    for (const v of kept) expect(excelErrorReason(v)).toBeNull();
  });
});

describe('names as people type them', () => {
  it('match whatever the capitals, spacing and Unicode form of an accent', () => {
    const composed = 'Zo\u00eb Bront\u00eb';
    // As macOS and some exports write it: each accent a mark after its letter.
    const decomposed = 'Zoe\u0308 Bronte\u0308';
    expect(decomposed).not.toBe(composed);
    expect(nameKey(decomposed)).toBe(nameKey(composed));
    expect(nameKey(' ZOË\u00a0 BRONTË ')).toBe(nameKey(composed));
    expect(nameKey('Café Royal')).toBe(nameKey('CAFE\u0301  ROYAL'));
    // Full-width characters, as a Japanese keyboard types them.
    expect(nameKey('\uff29\uff21\uff10\uff10\uff11')).toBe(nameKey('IA001'));
    expect(nameKey('Zoe Bronte')).not.toBe(nameKey(composed));
    // Quotes as Excel and Word turn them as they are typed.
    expect(nameKey('O’Brien “Ted”')).toBe(nameKey('o\'brien "ted"'));
  });
});

describe('dateOrder', () => {
  it('tells a date real only month first, or only day first, from one that reads either way', () => {
    expect(dateOrder('03/14/2026')).toBe('month-first');
    expect(dateOrder('3/14/26 09:30')).toBe('month-first');
    expect(dateOrder('02/29/2028')).toBe('month-first');
    expect(dateOrder('03/04/2026')).toBe('either');
    expect(dateOrder('03.04.2026')).toBe('either');
    expect(dateOrder(' 12-01-26 ')).toBe('either');
  });

  it('says nothing of a date that is not day/month/year or reads the same both ways', () => {
    expect(dateOrder('14/03/2026')).toBe('day-first');
    expect(dateOrder('29/02/2028')).toBe('day-first');
    expect(dateOrder('04/04/2026')).toBeNull();
    expect(dateOrder('2026-03-04')).toBeNull();
    expect(dateOrder('4 March 2026')).toBeNull();
    expect(dateOrder('46085')).toBeNull();
    // Not a real date either way round.
    expect(dateOrder('02/30/2026')).toBeNull();
    expect(dateOrder('13/14/2026')).toBeNull();
    expect(dateOrder('00/04/2026')).toBeNull();
  });
});
