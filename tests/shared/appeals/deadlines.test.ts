import { describe, expect, it } from 'vitest';
import {
  DEFAULT_APPEALS_POLICY as P,
  currentDeadline,
  daysRemaining,
  lodgeCheck,
  neutraliseCell,
  csvLine,
  urgency,
  type AppealsPolicy,
} from '@shared/appeals';
import { englandAndWales as cal } from '@shared/calendar';

const dates = {
  receivedDate: '2026-12-18',
  acknowledgedOn: null,
  escalatedOn: null,
  decidedOn: null,
  decidedStage: null,
};

describe('appeal deadlines, hand-checked against the calendar', () => {
  it('acknowledge within 5 working days across Christmas 2026 and the Boxing Day substitute', () => {
    // Fri 18 Dec: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), [Fri 25 Christmas, weekend,
    // Mon 28 substitute for Boxing Day], Tue 29 (5).
    const d = currentDeadline(cal, P, 'appeal', 'received', dates);
    expect(d?.label).toBe('Acknowledge');
    expect(d?.dueDate).toBe('2026-12-29');
    expect(d?.beyondCoverage).toBe(false);
  });

  it('stage 1 decision within 10 working days of acknowledgement, across New Year', () => {
    // Tue 29 Dec 2026: Wed 30 (1), Thu 31 (2), [Fri 1 Jan, weekend], Mon 4 (3) .. Fri 8 (7),
    // Mon 11 (8), Tue 12 (9), Wed 13 Jan 2027 (10).
    const d = currentDeadline(cal, P, 'appeal', 'under_review', {
      ...dates,
      acknowledgedOn: '2026-12-29',
    });
    expect(d?.dueDate).toBe('2027-01-13');
  });

  it('enquiry outcome within 10 working days across Easter 2027', () => {
    // Tue 23 Mar 2027: Wed 24 (1), Thu 25 (2), [Good Friday 26, weekend, Easter Monday 29],
    // Tue 30 (3), Wed 31 (4), Thu 1 Apr (5), Fri 2 (6), Mon 5 (7), Tue 6 (8), Wed 7 (9), Thu 8 (10).
    const d = currentDeadline(cal, P, 'enquiry', 'received', {
      ...dates,
      receivedDate: '2027-03-23',
    });
    expect(d?.label).toBe('Enquiry outcome');
    expect(d?.dueDate).toBe('2027-04-08');
  });

  it('flags an appeal lodged after 20 working days across Christmas 2027 (two substitute days) as late', () => {
    // Fri 17 Dec 2027: 20 (1) .. 24 (5), [27, 28 substitutes], 29 (6), 30 (7), 31 (8),
    // [Mon 3 Jan 2028 substitute], 4 (9) .. 7 (12), 10 (13) .. 14 (17), 17 (18), 18 (19), Wed 19 (20).
    expect(lodgeCheck(cal, P, 'appeal', '2027-12-17', '2028-01-19')).toEqual({
      lodgeBy: '2028-01-19',
      late: false,
      beyondCoverage: false,
    });
    expect(lodgeCheck(cal, P, 'appeal', '2027-12-17', '2028-01-20').late).toBe(true);
  });

  it('uses calendar days when the policy says so', () => {
    const policy: AppealsPolicy = {
      ...P,
      deadlines: { ...P.deadlines, acknowledge: { days: 5, unit: 'calendar' } },
    };
    // Thu 24 Dec 2026 + 5 calendar days = Tue 29 Dec, holidays and weekends included.
    const d = currentDeadline(cal, policy, 'appeal', 'received', {
      ...dates,
      receivedDate: '2026-12-24',
    });
    expect(d?.dueDate).toBe('2026-12-29');
    // Thu 24 Dec + 5 working days: [25, weekend, 28] Tue 29 (1) .. Thu 31 (3), [1 Jan, weekend], Mon 4 (4), Tue 5 (5).
    expect(
      currentDeadline(cal, P, 'appeal', 'received', { ...dates, receivedDate: '2026-12-24' })
        ?.dueDate,
    ).toBe('2027-01-05');
  });

  it('warns when a stage 2 deadline runs past the snapshot (2028)', () => {
    const d = currentDeadline(cal, P, 'appeal', 'escalated', {
      ...dates,
      escalatedOn: '2028-12-20',
    });
    expect(d?.beyondCoverage).toBe(true);
  });

  it('gives the escalation window after a stage 1 decision, and nothing after stage 2', () => {
    const s1 = currentDeadline(cal, P, 'appeal', 'decided', {
      ...dates,
      decidedOn: '2026-11-20',
      decidedStage: 1,
    });
    // Fri 20 Nov 2026 + 10 working days = Fri 4 Dec.
    expect(s1).toMatchObject({ owner: 'appellant', dueDate: '2026-12-04' });
    expect(
      currentDeadline(cal, P, 'appeal', 'decided', {
        ...dates,
        decidedOn: '2026-11-20',
        decidedStage: 2,
      }),
    ).toBeNull();
    expect(currentDeadline(cal, P, 'appeal', 'closed', dates)).toBeNull();
  });

  it('counts days remaining in the deadline unit and colours due soon and overdue', () => {
    // Fri 20 Nov to Fri 27 Nov 2026: 5 working days, 7 calendar days.
    expect(daysRemaining(cal, '2026-11-20', '2026-11-27', 'working')).toBe(5);
    expect(daysRemaining(cal, '2026-11-20', '2026-11-27', 'calendar')).toBe(7);
    expect(daysRemaining(cal, '2026-11-30', '2026-11-27', 'working')).toBe(-1);
    expect(urgency(5, 3, '2026-11-27', '2026-11-20')).toBe('ok');
    expect(urgency(3, 3, '2026-11-25', '2026-11-20')).toBe('due_soon');
    expect(urgency(0, 3, '2026-11-20', '2026-11-20')).toBe('due_soon');
    expect(urgency(-1, 3, '2026-11-27', '2026-11-30')).toBe('overdue');
  });
});

describe('CSV cells', () => {
  it('neutralises formula injection and quotes', () => {
    expect(neutraliseCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(neutraliseCell('+1')).toBe("'+1");
    expect(neutraliseCell('-2')).toBe("'-2");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell(-2)).toBe('-2');
    expect(neutraliseCell('plain')).toBe('plain');
    // Already behind an apostrophe: one more, so reading back (dropping one) is unambiguous.
    expect(neutraliseCell("'=x' is not a date")).toBe("''=x' is not a date");
    expect(neutraliseCell("'plain' is not yes or no")).toBe("'plain' is not yes or no");
    expect(csvLine(['a,b', null, 3])).toBe('"a,b",,3');
  });
});
