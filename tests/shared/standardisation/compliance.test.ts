import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STANDARDISATION_POLICY,
  assessorCompliance,
  parseCoverage,
  readCoverageJson,
  requiredTargets,
  targetCompliance,
  type AttendedEvent,
} from '@shared/standardisation';

const policy = DEFAULT_STANDARDISATION_POLICY;
const v11 = { code: 'ST0071', version: '1.1' };
const v10 = { code: 'ST0071', version: '1.0' };
const on = (date: string, ...coverage: string[]): AttendedEvent => ({
  date,
  coverage: coverage.map((c) => parseCoverage(c)!),
});

describe('the rolling 12-month window', () => {
  const attended = [on('2025-12-02', 'ST0071 v1.1')];

  it('is compliant (due today) exactly 12 months on, and overdue the day after', () => {
    expect(targetCompliance(attended, v11, '2026-12-02', policy)).toMatchObject({
      status: 'due_soon',
      lastAttended: '2025-12-02',
      dueBy: '2026-12-02',
      daysToDue: 0,
    });
    expect(targetCompliance(attended, v11, '2026-12-03', policy)).toMatchObject({
      status: 'overdue',
      dueBy: '2026-12-02',
      daysToDue: -1,
    });
  });

  it('is due soon from 60 days before the due date, inclusive, and compliant before that', () => {
    // 2026-12-02 minus 60 days is 2026-10-03; minus 61 is 2026-10-02.
    expect(targetCompliance(attended, v11, '2026-10-03', policy)).toMatchObject({
      status: 'due_soon',
      daysToDue: 60,
    });
    expect(targetCompliance(attended, v11, '2026-10-02', policy)).toMatchObject({
      status: 'compliant',
      daysToDue: 61,
    });
  });

  it('counts an event on the day itself, and ignores events after the date', () => {
    expect(
      targetCompliance([on('2026-05-01', 'ST0071 v1.1')], v11, '2026-05-01', policy).status,
    ).toBe('compliant');
    expect(
      targetCompliance([on('2026-05-02', 'ST0071 v1.1')], v11, '2026-05-01', policy).status,
    ).toBe('never_attended');
  });

  it('falls due on 28 February after an event on 29 February, and 29 February when a leap year follows', () => {
    const leap = [on('2024-02-29', 'ST0071 v1.1')];
    expect(targetCompliance(leap, v11, '2025-02-28', policy)).toMatchObject({
      dueBy: '2025-02-28',
      status: 'due_soon',
    });
    expect(targetCompliance(leap, v11, '2025-03-01', policy).status).toBe('overdue');
    // 28 February 2023 + 12 months is 28 February 2024, not the leap day.
    expect(
      targetCompliance([on('2023-02-28', 'ST0071 v1.1')], v11, '2024-02-29', policy),
    ).toMatchObject({
      dueBy: '2024-02-28',
      status: 'overdue',
    });
    // A 48-month window from a leap day lands on the next leap day.
    expect(
      targetCompliance(leap, v11, '2028-02-29', { ...policy, windowMonths: 48 }),
    ).toMatchObject({ dueBy: '2028-02-29', status: 'due_soon' });
  });

  it('follows the configured window and due-soon period', () => {
    const short = { ...policy, windowMonths: 6, dueSoonDays: 14 };
    expect(targetCompliance(attended, v11, '2026-06-02', short)).toMatchObject({
      dueBy: '2026-06-02',
      status: 'due_soon',
    });
    // 14 days before 2 June is 19 May.
    expect(targetCompliance(attended, v11, '2026-05-19', short).status).toBe('due_soon');
    expect(targetCompliance(attended, v11, '2026-05-18', short).status).toBe('compliant');
    expect(targetCompliance(attended, v11, '2026-06-03', short).status).toBe('overdue');
  });
});

describe('never attended and version changes', () => {
  it('is never attended with no events at all', () => {
    expect(targetCompliance([], v11, '2026-01-01', policy)).toMatchObject({
      status: 'never_attended',
      lastAttended: null,
      dueBy: null,
      otherVersion: null,
    });
  });

  it('needs standardising again on a new version, and says when they last were on the old one', () => {
    const attended = [on('2026-01-10', 'ST0071 v1.0')];
    expect(targetCompliance(attended, v10, '2026-03-01', policy).status).toBe('compliant');
    expect(targetCompliance(attended, v11, '2026-03-01', policy)).toMatchObject({
      status: 'never_attended',
      otherVersion: { version: '1.0', date: '2026-01-10' },
    });
  });

  it('counts an event recorded without a version for every version of the standard', () => {
    const attended = [on('2026-01-10', 'ST0071')];
    expect(targetCompliance(attended, v11, '2026-03-01', policy).status).toBe('compliant');
    expect(
      targetCompliance(attended, { code: 'ST0072', version: '1.0' }, '2026-03-01', policy).status,
    ).toBe('never_attended');
  });
});

describe("an assessor's status across their standard versions", () => {
  const attended = [on('2025-06-01', 'ST0071 v1.0'), on('2026-02-01', 'ST0071 v1.1')];

  it('takes the worst status and the earliest due date', () => {
    const c = assessorCompliance(attended, [v10, v11], '2026-07-01', policy);
    expect(c.status).toBe('overdue');
    expect(c.dueBy).toBe('2026-06-01');
    expect(c.lastAttended).toBe('2026-02-01');
    expect(c.targets.map((t) => t.status)).toEqual(['overdue', 'compliant']);
  });

  it('ranks never attended above overdue', () => {
    const c = assessorCompliance(
      [on('2024-01-01', 'ST0071 v1.0')],
      [v10, v11],
      '2026-07-01',
      policy,
    );
    expect(c.status).toBe('never_attended');
    expect(c.dueBy).toBe('2025-01-01');
  });

  it('with no versions to go on, counts any event', () => {
    expect(assessorCompliance(attended, [], '2026-07-01', policy)).toMatchObject({
      status: 'compliant',
      dueBy: '2027-02-01',
    });
    expect(assessorCompliance([], [], '2026-07-01', policy).status).toBe('never_attended');
  });

  it('requires the versions approved on the date, else those assessed lately', () => {
    const approvals = [
      { ...v10, from: '2020-01-01', to: '2025-12-31' },
      { ...v11, from: '2025-06-01', to: null },
    ];
    expect(requiredTargets(approvals, [v10], '2026-03-01')).toEqual([v11]);
    expect(requiredTargets(approvals, [], '2025-07-01')).toEqual([v10, v11]);
    expect(requiredTargets([], [v11, v10, v11], '2026-03-01')).toEqual([v10, v11]);
  });
});

describe('what an event covered', () => {
  it('reads the ways imports write standards, and drops what it cannot read', () => {
    expect(parseCoverage('ST0071 v1.1')).toEqual({ code: 'ST0071', version: '1.1' });
    expect(parseCoverage('st0071 1.0')).toEqual({ code: 'ST0071', version: '1.0' });
    expect(parseCoverage('ST0071 version 1.1')).toEqual({ code: 'ST0071', version: '1.1' });
    expect(parseCoverage('ST0071')).toEqual({ code: 'ST0071', version: null });
    expect(parseCoverage('customer service')).toBeNull();
    expect(readCoverageJson('["ST0071 v1.1","nonsense","ST0071 v1.1"]')).toEqual([
      { code: 'ST0071', version: '1.1' },
    ]);
    expect(readCoverageJson('not json')).toEqual([]);
  });
});
