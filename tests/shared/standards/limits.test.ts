import { describe, expect, it } from 'vitest';

import {
  addCalendarMonths,
  capResitGrade,
  checkDecisionLimits,
  findVersion,
  loadBuiltInStandards,
  resitAfterPassIssue,
  type DecisionForLimits,
  type StandardVersion,
} from '@shared/standards';

const [st0071] = loadBuiltInStandards();
if (!st0071) throw new Error('ST0071 is not built in');

function version(v: string): StandardVersion {
  const found = findVersion(st0071!, v);
  if (!found) throw new Error(`no version ${v}`);
  return found;
}

const v10 = version('1.0');

function codes(decision: Partial<DecisionForLimits>, v: StandardVersion = v10): string[] {
  const full: DecisionForLimits = { method: 'O', attempt: 1, grade: 'Pass', ...decision };
  return checkDecisionLimits(v, full).map((i) => i.code);
}

function issues(decision: Partial<DecisionForLimits>, v: StandardVersion = v10) {
  return checkDecisionLimits(v, { method: 'O', attempt: 1, grade: 'Pass', ...decision });
}

describe('the limits in the data are the ones seed 001 states', () => {
  it.each(['1.0', '1.1'])('version %s', (v) => {
    const methods = Object.fromEntries(version(v).methods.map((m) => [m.code, m.limits]));
    // "one session, lasting 1 hour +/- 10%"; questioning "should not exceed 15%".
    expect(methods.O).toMatchObject({
      durationMinutes: { nominal: 60, min: 54, max: 66 },
      questioningMaxShare: 0.15,
      noticeWeeks: 2,
    });
    // "2500 words (+/- 10%), excluding annexes", "two-month period", "2 weeks prior", 10 questions.
    expect(methods.WBP).toMatchObject({
      durationMinutes: { nominal: 60, min: 54, max: 66 },
      wordCount: { nominal: 2500, min: 2250, max: 2750, annexesExcluded: true },
      interviewQuestions: 10,
      submissionWeeksBefore: 2,
      completionMonthsAfterGateway: 2,
    });
    // "60 minutes (+/- 10%)", "10-15 pieces" submitted "2 weeks prior".
    expect(methods.PD).toMatchObject({
      durationMinutes: { nominal: 60, min: 54, max: 66 },
      evidencePieces: { min: 10, max: 15 },
      submissionWeeksBefore: 2,
    });
    expect(version(v).epa).toMatchObject({
      periodMonthsAfterGateway: 3,
      minMonthsOnProgramme: 12,
      typicalMonthsOnProgramme: 15,
    });
    expect(version(v).resits).toMatchObject({
      windowMonths: 12,
      onlyAfterFail: true,
      cap: 'Pass',
      capWaivedForExceptionalCircumstances: true,
      reworkMonths: { WBP: 1 },
      retakeRequiresNewGateway: true,
    });
  });
});

describe('durations (60 minutes +/- 10%)', () => {
  it.each(['O', 'WBP', 'PD'])('%s: 54 and 66 minutes are within the tolerance', (method) => {
    expect(codes({ method, durationMinutes: 54 })).toEqual([]);
    expect(codes({ method, durationMinutes: 60 })).toEqual([]);
    expect(codes({ method, durationMinutes: 66 })).toEqual([]);
  });

  it.each(['O', 'WBP', 'PD'])('%s: 53 and 67 minutes are flagged', (method) => {
    expect(codes({ method, durationMinutes: 53 })).toEqual(['duration_out_of_range']);
    expect(codes({ method, durationMinutes: 67 })).toEqual(['duration_out_of_range']);
  });

  it('says what ran over, in minutes', () => {
    expect(issues({ method: 'O', durationMinutes: 53 })).toEqual([
      {
        code: 'duration_out_of_range',
        field: 'durationMinutes',
        message: 'observation lasted 53 minutes (allowed 54–66 minutes)',
      },
    ]);
    expect(issues({ method: 'WBP', durationMinutes: 67 })[0]?.message).toBe(
      'interview lasted 67 minutes (allowed 54–66 minutes)',
    );
  });

  it('does not treat a missing duration as an issue', () => {
    expect(codes({ method: 'O' })).toEqual([]);
    expect(codes({ method: 'O', durationMinutes: null })).toEqual([]);
  });
});

describe('questioning in the observation (at most 15% of the time)', () => {
  it('allows exactly 15% of the recorded session', () => {
    expect(codes({ durationMinutes: 60, questioningMinutes: 9 })).toEqual([]);
    expect(codes({ durationMinutes: 54, questioningMinutes: 8.1 })).toEqual([]);
    expect(codes({ durationMinutes: 66, questioningMinutes: 9.9 })).toEqual([]);
  });

  it('flags anything over 15%', () => {
    expect(codes({ durationMinutes: 60, questioningMinutes: 9.1 })).toEqual([
      'questioning_share_exceeded',
    ]);
    expect(codes({ durationMinutes: 54, questioningMinutes: 8.2 })).toEqual([
      'questioning_share_exceeded',
    ]);
  });

  it('takes the share of the most the plan allows when the session overran', () => {
    // "15% of the total time allowed": 80 minutes recorded, 66 allowed, so 9.9 minutes at most.
    expect(codes({ durationMinutes: 80, questioningMinutes: 9.9 })).toEqual([
      'duration_out_of_range',
    ]);
    expect(issues({ durationMinutes: 80, questioningMinutes: 12 })).toContainEqual({
      code: 'questioning_share_exceeded',
      field: 'questioningMinutes',
      message:
        'questioning 18.2% of observation (12 of the 66 minutes allowed, though it lasted 80; limit 15%)',
    });
  });

  it('uses the nominal hour when no duration was recorded', () => {
    expect(codes({ questioningMinutes: 9 })).toEqual([]);
    expect(codes({ questioningMinutes: 10 })).toEqual(['questioning_share_exceeded']);
  });

  it('explains the share in plain English', () => {
    expect(issues({ durationMinutes: 60, questioningMinutes: 13.2 })).toEqual([
      {
        code: 'questioning_share_exceeded',
        field: 'questioningMinutes',
        message: 'questioning 22% of observation (13.2 of 60 minutes; limit 15%)',
      },
    ]);
  });

  it('does not apply to methods without a questioning limit', () => {
    expect(codes({ method: 'PD', durationMinutes: 60, questioningMinutes: 60 })).toEqual([]);
  });
});

describe('work-based project report (2,500 words +/- 10%, annexes excluded)', () => {
  it('allows 2,250 and 2,750 words', () => {
    expect(codes({ method: 'WBP', wordCount: 2250 })).toEqual([]);
    expect(codes({ method: 'WBP', wordCount: 2750 })).toEqual([]);
  });

  it('flags 2,249 and 2,751 words', () => {
    expect(codes({ method: 'WBP', wordCount: 2249 })).toEqual(['word_count_out_of_range']);
    expect(codes({ method: 'WBP', wordCount: 2751 })).toEqual(['word_count_out_of_range']);
  });

  it('names the allowed range', () => {
    expect(issues({ method: 'WBP', wordCount: 2249 })[0]?.message).toBe(
      'report 2,249 words (allowed 2,250–2,750, annexes excluded)',
    );
  });

  it('ignores a word count on a method without one', () => {
    expect(codes({ method: 'O', wordCount: 10 })).toEqual([]);
  });
});

describe('professional discussion portfolio (10-15 pieces)', () => {
  it('allows 10 and 15 pieces', () => {
    expect(codes({ method: 'PD', evidencePieces: 10 })).toEqual([]);
    expect(codes({ method: 'PD', evidencePieces: 15 })).toEqual([]);
  });

  it('flags 9 and 16 pieces', () => {
    expect(codes({ method: 'PD', evidencePieces: 9 })).toEqual(['evidence_pieces_out_of_range']);
    expect(codes({ method: 'PD', evidencePieces: 16 })).toEqual(['evidence_pieces_out_of_range']);
    expect(issues({ method: 'PD', evidencePieces: 16 })[0]?.message).toBe(
      'portfolio 16 pieces of evidence (allowed 10–15)',
    );
  });
});

describe('calendar months', () => {
  it('keeps the day of the month where it exists', () => {
    expect(addCalendarMonths('2025-01-15', 3)).toBe('2025-04-15');
    expect(addCalendarMonths('2025-10-31', 3)).toBe('2026-01-31');
    expect(addCalendarMonths('2025-12-01', 12)).toBe('2026-12-01');
  });

  it('clamps to the end of a shorter month', () => {
    expect(addCalendarMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addCalendarMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addCalendarMonths('2025-05-31', 1)).toBe('2025-06-30');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('rejects dates that do not exist', () => {
    expect(() => addCalendarMonths('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addCalendarMonths('2025-13-01', 1)).toThrow(RangeError);
  });
});

describe('EPA period (within 3 months of gateway)', () => {
  const at = (gatewayDate: string, assessmentDate: string): string[] =>
    codes({ gatewayDate, assessmentDate });

  it('allows the last day of the period and flags the day after', () => {
    expect(at('2025-01-15', '2025-04-15')).toEqual([]);
    expect(at('2025-01-15', '2025-04-16')).toEqual(['epa_period_exceeded']);
  });

  it('clamps a month-end gateway: 30 November + 3 months is 28 February', () => {
    expect(at('2025-11-30', '2026-02-28')).toEqual([]);
    expect(at('2025-11-30', '2026-03-01')).toEqual(['epa_period_exceeded']);
  });

  it('allows 29 February in a leap year', () => {
    expect(at('2023-11-30', '2024-02-29')).toEqual([]);
    expect(at('2023-11-30', '2024-03-01')).toEqual(['epa_period_exceeded']);
  });

  it('allows assessment on the gateway day and flags one before it', () => {
    expect(at('2025-03-10', '2025-03-10')).toEqual([]);
    expect(at('2025-03-10', '2025-03-09')).toEqual(['assessment_before_gateway']);
  });

  it('explains the period with British dates', () => {
    expect(issues({ gatewayDate: '2025-11-30', assessmentDate: '2026-03-01' })[0]?.message).toBe(
      'assessed on 1 March 2026, after the EPA period ended on 28 February 2026 ' +
        '(3 months after the gateway on 30 November 2025)',
    );
  });

  it('gives re-sits the 12-month window instead', () => {
    const resit = (assessmentDate: string): string[] =>
      codes({ attempt: 2, gatewayDate: '2025-01-31', assessmentDate });
    expect(resit('2025-06-01')).toEqual([]);
    expect(resit('2026-01-31')).toEqual([]);
    expect(resit('2026-02-01')).toEqual(['resit_window_exceeded']);
  });

  it('needs both dates before it can judge', () => {
    expect(codes({ assessmentDate: '2030-01-01' })).toEqual([]);
    expect(codes({ gatewayDate: '2020-01-01' })).toEqual([]);
  });

  it('reports a date that is not a date', () => {
    expect(issues({ gatewayDate: '2025-02-30', assessmentDate: '2025-03-01' })).toEqual([
      {
        code: 'invalid_date',
        field: 'gatewayDate',
        message: "'2025-02-30' is not a date (YYYY-MM-DD)",
      },
    ]);
  });
});

describe('re-sit grade cap (Pass unless exceptional circumstances)', () => {
  it.each(['1.0', '1.1'])('version %s caps a re-sit Distinction at Pass', (v) => {
    expect(capResitGrade(version(v), 'Distinction', { attempt: 2 })).toEqual({
      grade: 'Pass',
      capped: true,
    });
  });

  it('lets the grade stand with exceptional circumstances recorded', () => {
    expect(
      capResitGrade(v10, 'Distinction', { attempt: 2, exceptionalCircumstances: true }),
    ).toEqual({ grade: 'Distinction', capped: false });
  });

  it('does not cap a first attempt, a re-sit Pass or a re-sit Fail', () => {
    expect(capResitGrade(v10, 'Distinction', { attempt: 1 })).toEqual({
      grade: 'Distinction',
      capped: false,
    });
    expect(capResitGrade(v10, 'Pass', { attempt: 3 })).toEqual({ grade: 'Pass', capped: false });
    expect(capResitGrade(v10, 'Fail', { attempt: 2 })).toEqual({ grade: 'Fail', capped: false });
  });

  it('refuses a grade the version does not have', () => {
    expect(() => capResitGrade(v10, 'Merit', { attempt: 2 })).toThrow(/Merit/);
  });

  it('flags a re-sit Distinction without exceptional circumstances', () => {
    expect(codes({ attempt: 2, grade: 'Distinction' })).toEqual(['resit_above_cap']);
    expect(codes({ attempt: 2, grade: 'Distinction', exceptionalCircumstances: true })).toEqual([]);
    expect(codes({ attempt: 1, grade: 'Distinction' })).toEqual([]);
    expect(codes({ attempt: 2, grade: 'Pass' })).toEqual([]);
    expect(issues({ attempt: 2, grade: 'Distinction' })[0]?.message).toBe(
      're-sit or re-take (attempt 2) graded Distinction: capped at Pass unless exceptional ' +
        'circumstances are recorded',
    );
  });
});

describe('decisions the version cannot judge', () => {
  it('reports an unknown method, grade or attempt', () => {
    expect(codes({ method: 'MCQ' })).toEqual(['unknown_method']);
    expect(codes({ grade: 'Merit' })).toEqual(['unknown_grade']);
    expect(codes({ attempt: 0 })).toEqual(['invalid_attempt']);
    expect(codes({ attempt: 1.5 })).toEqual(['invalid_attempt']);
  });

  it('reports every issue on one decision together', () => {
    expect(
      codes({
        method: 'O',
        attempt: 2,
        grade: 'Distinction',
        durationMinutes: 70,
        questioningMinutes: 20,
        gatewayDate: '2024-01-01',
        assessmentDate: '2025-06-01',
      }),
    ).toEqual([
      'resit_above_cap',
      'duration_out_of_range',
      'questioning_share_exceeded',
      'resit_window_exceeded',
    ]);
  });
});

describe.each(['1.0', '1.1'])('boundaries in version %s', (v) => {
  const cases: [Partial<DecisionForLimits>, string[]][] = [
    [{ method: 'O', durationMinutes: 54 }, []],
    [{ method: 'O', durationMinutes: 53 }, ['duration_out_of_range']],
    [{ method: 'O', durationMinutes: 66, questioningMinutes: 9.9 }, []],
    [{ method: 'O', durationMinutes: 66, questioningMinutes: 10 }, ['questioning_share_exceeded']],
    [{ method: 'WBP', durationMinutes: 66, wordCount: 2750 }, []],
    [
      { method: 'WBP', durationMinutes: 67, wordCount: 2751 },
      ['duration_out_of_range', 'word_count_out_of_range'],
    ],
    [{ method: 'PD', durationMinutes: 54, evidencePieces: 10 }, []],
    [{ method: 'PD', evidencePieces: 9 }, ['evidence_pieces_out_of_range']],
    [{ gatewayDate: '2024-11-29', assessmentDate: '2025-02-28' }, []],
    [{ gatewayDate: '2024-11-29', assessmentDate: '2025-03-01' }, ['epa_period_exceeded']],
  ];
  it.each(cases)('%o gives %o', (decision, expected) => {
    expect(codes(decision, version(v))).toEqual(expected);
  });
});

describe('re-sits and re-takes only where a pass has not been achieved', () => {
  // Seed 001: "Apprentices are able to retake/re-sit any individual assessment component where a
  // pass has not been achieved." The data says so per version (resits.onlyAfterFail).
  it('allows a re-sit after a fail, and every first attempt', () => {
    expect(resitAfterPassIssue(v10, 'O', 2, [{ attempt: 1, grade: 'Fail' }])).toBeNull();
    expect(resitAfterPassIssue(v10, 'O', 1, [])).toBeNull();
    expect(
      resitAfterPassIssue(v10, 'O', 3, [
        { attempt: 1, grade: 'Fail' },
        { attempt: 2, grade: 'Fail' },
      ]),
    ).toBeNull();
  });

  it('names the first earlier attempt that passed, whatever the new grade', () => {
    expect(
      resitAfterPassIssue(v10, 'O', 3, [
        { attempt: 4, grade: 'Pass' },
        { attempt: 2, grade: 'Distinction' },
        { attempt: 1, grade: 'Fail' },
      ]),
    ).toEqual({
      code: 'resit_after_pass',
      field: 'attempt',
      message:
        'attempt 3 of observation after attempt 2 was graded Distinction: a method may be re-sat or re-taken only where a pass has not been achieved',
    });
  });

  it('applies only where the version says so', () => {
    const lenient = { ...v10, resits: { ...v10.resits, onlyAfterFail: false } };
    expect(resitAfterPassIssue(lenient, 'O', 2, [{ attempt: 1, grade: 'Pass' }])).toBeNull();
  });
});
