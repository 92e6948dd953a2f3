import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STANDARDISATION_POLICY,
  conflictOn,
  decisionFlags,
  eligibilityOn,
  normaliseQualification,
  parseCoverage,
  type RegisterRecord,
} from '@shared/standardisation';

const policy = DEFAULT_STANDARDISATION_POLICY;
const v11 = { code: 'ST0071', version: '1.1' };

function record(overrides: Partial<RegisterRecord> = {}): RegisterRecord {
  return {
    startDate: '2023-01-09',
    status: 'active',
    statusHistory: [],
    competenceSince: '2015-04-01',
    competenceEvidenced: true,
    sectorExperience: 'Contact centre manager',
    qualification: { status: 'held', expectedBy: null, achievedOn: '2019-06-01', note: null },
    approvals: [{ code: 'ST0071', version: '1.1', from: '2023-01-09', to: null }],
    ...overrides,
  };
}

const messages = (r: RegisterRecord, date: string, target: typeof v11 | null = v11) =>
  eligibilityOn(r, target, date, policy).reasons.map((x) => `${x.severity}: ${x.message}`);

describe('eligibility against the independent-assessor criteria', () => {
  it('meets the criteria with a complete, current record', () => {
    expect(eligibilityOn(record(), v11, '2026-03-01', policy)).toEqual({
      state: 'eligible',
      reasons: [],
    });
  });

  it('says why not when the qualification deadline has passed', () => {
    const r = record({
      qualification: {
        status: 'working_towards',
        expectedBy: '2026-02-28',
        achievedOn: null,
        note: null,
      },
    });
    expect(eligibilityOn(r, v11, '2026-02-28', policy).state).toBe('eligible');
    expect(eligibilityOn(r, v11, '2026-03-01', policy).state).toBe('ineligible');
    expect(messages(r, '2026-03-01')).toEqual([
      'fails: qualification: working towards, expected date passed (28 February 2026)',
    ]);
  });

  it('keeps the history when the qualification is later achieved', () => {
    const r = record({
      qualification: {
        status: 'held',
        expectedBy: '2026-02-28',
        achievedOn: '2026-05-01',
        note: null,
      },
    });
    expect(eligibilityOn(r, v11, '2026-01-15', policy).state).toBe('eligible');
    expect(messages(r, '2026-04-01')).toEqual([
      'fails: qualification: working towards, expected date passed (28 February 2026)',
    ]);
    expect(eligibilityOn(r, v11, '2026-05-01', policy).state).toBe('eligible');
  });

  it('shows an incomplete record rather than a failure when something is not recorded', () => {
    const r = record({
      competenceSince: null,
      sectorExperience: ' ',
      qualification: { status: 'working_towards', expectedBy: null, achievedOn: null, note: null },
    });
    expect(eligibilityOn(r, v11, '2026-03-01', policy).state).toBe('incomplete');
    expect(messages(r, '2026-03-01')).toEqual([
      'missing: occupational competence: not recorded',
      'missing: qualification: working towards, no expected date recorded',
      'missing: sector understanding: not recorded',
    ]);
    expect(
      messages(
        record({
          qualification: {
            status: 'equivalent_expertise',
            expectedBy: null,
            achievedOn: null,
            note: '',
          },
        }),
        '2026-03-01',
      ),
    ).toEqual(['missing: qualification: equivalent expertise claimed but not described']);
    expect(
      eligibilityOn(
        record({
          qualification: {
            status: 'equivalent_expertise',
            expectedBy: null,
            achievedOn: null,
            note: '20 years as a QA lead',
          },
        }),
        v11,
        '2026-03-01',
        policy,
      ).state,
    ).toBe('eligible');
    expect(messages(record({ competenceEvidenced: false }), '2026-03-01')).toEqual([
      'missing: occupational competence: no evidence recorded',
    ]);
  });

  it('asks for 2 years of occupational competence, counted in calendar months', () => {
    const r = record({ competenceSince: '2024-03-01' });
    expect(eligibilityOn(r, v11, '2026-03-01', policy).state).toBe('eligible');
    expect(messages(r, '2026-02-28')).toEqual([
      'fails: occupational competence: 1 year 11 months on 28 February 2026; the plan asks for 2 years or more',
    ]);
    // From a leap day, 2 years is reached on 28 February.
    expect(
      eligibilityOn(record({ competenceSince: '2024-02-29' }), v11, '2026-02-28', policy).state,
    ).toBe('eligible');
    expect(messages(record({ competenceSince: '2026-06-01' }), '2026-03-01')[0]).toContain(
      'none yet',
    );
    expect(eligibilityOn(r, v11, '2025-03-01', { competenceYears: 1 }).state).toBe('eligible');
  });

  it('reads the status in force on the date', () => {
    const r = record({
      status: 'active',
      statusHistory: [
        { status: 'suspended', from: '2026-01-10' },
        { status: 'active', from: '2026-02-10' },
        { status: 'left', from: '2026-09-30' },
      ],
    });
    expect(eligibilityOn(r, v11, '2026-01-09', policy).state).toBe('eligible');
    expect(messages(r, '2026-01-20')).toEqual(['fails: suspended from 10 January 2026']);
    expect(eligibilityOn(r, v11, '2026-02-10', policy).state).toBe('eligible');
    expect(messages(r, '2026-10-01')).toEqual(['fails: left the EPAO on 30 September 2026']);
    // Undated (an imported register): shown as incomplete, not a failure on every past decision.
    expect(messages(record({ status: 'left' }), '2026-01-20')).toEqual([
      'missing: left the EPAO: date not recorded',
    ]);
    expect(messages(record(), '2022-12-01')).toEqual([
      'fails: not with the EPAO until 9 January 2023',
      'fails: approved for ST0071 v1.1 only from 9 January 2023',
    ]);
  });

  it('checks approval for the standard version on the date', () => {
    expect(messages(record({ approvals: [] }), '2026-03-01')).toEqual([
      'missing: approved standards: none recorded',
    ]);
    expect(messages(record(), '2026-03-01', { code: 'ST0071', version: '1.0' })).toEqual([
      'fails: not approved for ST0071 v1.0',
    ]);
    const dated = record({
      approvals: [{ code: 'ST0071', version: '1.1', from: '2025-06-01', to: '2026-01-31' }],
    });
    expect(messages(dated, '2025-05-31')).toEqual([
      'fails: approved for ST0071 v1.1 only from 1 June 2025',
    ]);
    expect(messages(dated, '2026-02-01')).toEqual([
      'fails: approval for ST0071 v1.1 ended on 31 January 2026',
    ]);
    // Without a target, only the criteria that do not depend on the standard.
    expect(eligibilityOn(dated, null, '2026-02-01', policy).state).toBe('eligible');
  });

  it('reads qualification statuses however an import wrote them', () => {
    expect(normaliseQualification('Working towards')).toBe('working_towards');
    expect(normaliseQualification('equivalent-expertise')).toBe('equivalent_expertise');
    expect(normaliseQualification(' HELD ')).toBe('held');
    expect(normaliseQualification('TAQA')).toBeNull();
    expect(normaliseQualification(null)).toBeNull();
  });
});

describe('declared conflicts of interest', () => {
  const parties = { uln: '1000000043', employer: 'Acme Retail Ltd', providerUkprn: '10012345' };
  const conflict = (
    partyType: 'employer' | 'provider' | 'apprentice',
    partyRef: string,
    endedOn: string | null = null,
  ) => ({
    partyType,
    partyRef,
    declaredOn: '2026-04-01',
    endedOn,
  });

  it('finds a conflict with the employer, provider or apprentice until it ends', () => {
    expect(
      conflictOn([conflict('employer', 'acme retail ltd ')], parties, '2026-03-01')?.message,
    ).toBe('declared a conflict of interest with the employer acme retail ltd on 1 April 2026');
    // Typed with other spacing, it is the same employer.
    expect(
      conflictOn([conflict('employer', 'ACME  Retail   Ltd')], parties, '2026-03-01'),
    ).not.toBeNull();
    expect(
      conflictOn([conflict('provider', '10012345')], parties, '2026-03-01')?.message,
    ).toContain('the training provider (UKPRN 10012345)');
    expect(
      conflictOn([conflict('apprentice', '1000000043')], parties, '2026-03-01')?.message,
    ).toContain('the apprentice (ULN 1000000043)');
    expect(
      conflictOn([conflict('employer', 'Acme Retail Ltd', '2026-02-28')], parties, '2026-03-01'),
    ).toBeNull();
    expect(conflictOn([conflict('employer', 'Other Ltd')], parties, '2026-03-01')).toBeNull();
  });
});

describe('the flags a decision carries', () => {
  const parties = { uln: '1000000043', employer: 'Acme Retail Ltd', providerUkprn: '10012345' };
  const attended = [{ date: '2025-01-15', coverage: [parseCoverage('ST0071 v1.1')!] }];

  it('flags a decision made while standardisation had lapsed, and not one made before', () => {
    const assessor = { record: record(), attended, conflicts: [] };
    expect(decisionFlags({ target: v11, date: '2026-01-15', parties }, assessor, policy)).toEqual(
      [],
    );
    expect(decisionFlags({ target: v11, date: '2026-01-16', parties }, assessor, policy)).toEqual([
      {
        code: 'standardisation_lapsed',
        field: 'assessorId',
        message:
          "assessor's standardisation lapsed: last on ST0071 v1.1 on 15 January 2025, due by 15 January 2026",
      },
    ]);
  });

  it('flags a decision on a version the assessor was never standardised on', () => {
    const assessor = {
      record: record({ approvals: [{ code: 'ST0071', version: '1.0', from: null, to: null }] }),
      attended: [{ date: '2025-01-15', coverage: [parseCoverage('ST0071 v1.0')!] }],
      conflicts: [],
    };
    const flags = decisionFlags({ target: v11, date: '2025-03-01', parties }, assessor, policy);
    expect(flags.map((f) => f.code)).toEqual(['standardisation_never', 'assessor_ineligible']);
    expect(flags[0]?.message).toBe(
      'assessor not standardised on ST0071 v1.1 before this assessment (last standardised on v1.0 on 15 January 2025)',
    );
    expect(flags[1]?.message).toBe('assessor ineligible: not approved for ST0071 v1.1');
  });

  it('flags an ineligible assessor with every failing reason, and a conflict with the decision’s parties', () => {
    const assessor = {
      record: record({
        statusHistory: [{ status: 'suspended', from: '2025-02-01' }],
        qualification: {
          status: 'working_towards',
          expectedBy: '2025-01-31',
          achievedOn: null,
          note: null,
        },
        sectorExperience: null,
      }),
      attended,
      conflicts: [
        {
          partyType: 'employer' as const,
          partyRef: 'Acme Retail Ltd',
          declaredOn: null,
          endedOn: null,
        },
      ],
    };
    expect(decisionFlags({ target: v11, date: '2025-03-01', parties }, assessor, policy)).toEqual([
      {
        code: 'assessor_ineligible',
        field: 'assessorId',
        message:
          'assessor ineligible: suspended from 1 February 2025; qualification: working towards, expected date passed (31 January 2025); declared a conflict of interest with the employer Acme Retail Ltd',
      },
    ]);
  });
});
