/**
 * The assessor register: profiles, eligibility reasons in the register, flags on decisions by an
 * ineligible assessor (raised and cleared as the register changes), dated status, approvals,
 * conflicts, the CPD log with evidence files, and who may change what.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/api/dispatch';
import {
  removeCpd,
  saveAssessor,
  saveConflict,
  saveCpd,
  setApprovals,
  setAssessorStatus,
} from '../../../src/main/assessors/editing';
import { assessorProfile, registerRows } from '../../../src/main/assessors/register';
import {
  addAttachment,
  readAttachment,
  removeAttachment,
} from '../../../src/main/attachments/service';
import { saveEvent, setAttendance } from '../../../src/main/standardisation/events';
import { fixedClock, openTestApp, signInLead, type TestApp } from '../../support/context';
import { addDecision, flagsOf, goodAssessor, messagesOf, versionId } from './helpers';

let app: TestApp;
let bea: number;

function approveV11(assessorId: number): void {
  setApprovals(app.ctx, {
    assessorId,
    approvals: [
      {
        standardVersionId: versionId(app.ctx, '1.1'),
        approvedFrom: null,
        approvedTo: null,
        note: null,
      },
    ],
  });
}

beforeAll(async () => {
  app = await openTestApp({ clock: fixedClock('2026-11-20T10:00:00.000Z') });
  signInLead(app.ctx);
  bea = goodAssessor(app.ctx, 'IA200', {
    qualificationStatus: 'working_towards',
    qualificationName: 'Level 3 Certificate in Assessing Vocational Achievement',
    qualificationExpectedBy: '2026-03-31',
    qualificationAchievedOn: null,
  }).id;
  approveV11(bea);
  const e = saveEvent(app.ctx, {
    date: '2026-01-15',
    title: 'January standardisation',
    standards: ['ST0071 v1.1'],
    format: 'remote',
    facilitator: null,
    agenda: null,
    notes: null,
  });
  setAttendance(app.ctx, { eventId: e.id, entries: [{ assessorId: bea, attendance: 'attended' }] });
});
afterAll(() => app.close());

describe('eligibility in the register and on decisions', () => {
  it('shows why an assessor does not meet the criteria', () => {
    const row = registerRows(app.ctx).rows.find((r) => r.ref === 'IA200');
    expect(row).toMatchObject({
      eligibility: 'ineligible',
      eligibilityReasons: ['qualification: working towards, expected date passed (31 March 2026)'],
      standards: ['ST0071 v1.1'],
      // 56 days from 20 November 2026 to 15 January 2027: due soon.
      compliance: { required: true, status: 'due_soon', dueBy: '2027-01-15' },
    });
    expect(assessorProfile(app.ctx, bea).eligibility).toEqual([
      {
        standard: 'ST0071 v1.1',
        state: 'ineligible',
        reasons: [
          {
            criterion: 'qualification',
            severity: 'fails',
            message: 'qualification: working towards, expected date passed (31 March 2026)',
          },
        ],
      },
    ]);
  });

  it('flags decisions made after the expected date, and clears them once the qualification is achieved', () => {
    const before = addDecision(app.ctx, { assessorId: bea, date: '2026-03-31' });
    const after = addDecision(app.ctx, { assessorId: bea, date: '2026-04-01' });
    const later = addDecision(app.ctx, { assessorId: bea, date: '2026-06-01' });
    expect(flagsOf(app.ctx, before)).toEqual([]);
    expect(messagesOf(app.ctx, after)).toEqual([
      'assessor ineligible: qualification: working towards, expected date passed (31 March 2026)',
    ]);
    // Achieved on 1 May: April's decision was still made while ineligible; June's was not.
    const profile = assessorProfile(app.ctx, bea);
    saveAssessor(app.ctx, {
      assessorId: bea,
      ref: profile.ref,
      name: profile.name,
      email: profile.email,
      startDate: profile.startDate,
      qualificationStatus: 'held',
      qualificationName: profile.qualification.name,
      qualificationExpectedBy: '2026-03-31',
      qualificationAchievedOn: '2026-05-01',
      qualificationNote: null,
      competenceSince: profile.competenceSince,
      competenceEvidence: profile.competenceEvidence,
      sectorExperience: profile.sectorExperience,
    });
    expect(flagsOf(app.ctx, after)).toEqual(['assessor_ineligible']);
    expect(flagsOf(app.ctx, later)).toEqual([]);
    expect(registerRows(app.ctx).rows.find((r) => r.ref === 'IA200')?.eligibility).toBe('eligible');
  });

  it('reads the dated status: decisions while suspended are flagged', () => {
    const d = addDecision(app.ctx, { assessorId: bea, date: '2026-07-15' });
    expect(flagsOf(app.ctx, d)).toEqual([]);
    setAssessorStatus(app.ctx, {
      assessorId: bea,
      status: 'suspended',
      effectiveFrom: '2026-07-01',
      note: 'Investigation',
    });
    expect(messagesOf(app.ctx, d)).toEqual(['assessor ineligible: suspended from 1 July 2026']);
    let row = registerRows(app.ctx).rows.find((r) => r.ref === 'IA200');
    expect(row).toMatchObject({
      status: 'suspended',
      statusSince: '2026-07-01',
      compliance: { required: false },
    });
    setAssessorStatus(app.ctx, {
      assessorId: bea,
      status: 'active',
      effectiveFrom: '2026-08-01',
      note: null,
    });
    expect(flagsOf(app.ctx, d)).toEqual(['assessor_ineligible']);
    expect(flagsOf(app.ctx, addDecision(app.ctx, { assessorId: bea, date: '2026-08-01' }))).toEqual(
      [],
    );
    row = registerRows(app.ctx).rows.find((r) => r.ref === 'IA200');
    expect(row?.status).toBe('active');
    expect(
      app.ctx.sqlite.prepare('SELECT status FROM assessors WHERE id = ?').pluck().get(bea),
    ).toBe('active');
    expect(() =>
      setAssessorStatus(app.ctx, {
        assessorId: bea,
        status: 'left',
        effectiveFrom: '2026-12-01',
        note: null,
      }),
    ).toThrow('A status change cannot be after today.');
  });

  it('flags decisions on a version the assessor is not approved for', () => {
    const onOld = addDecision(app.ctx, { assessorId: bea, date: '2026-09-01', version: '1.0' });
    expect(flagsOf(app.ctx, onOld)).toEqual(['assessor_ineligible', 'standardisation_never']);
    expect(messagesOf(app.ctx, onOld)[0]).toBe('assessor ineligible: not approved for ST0071 v1.0');
  });

  it('flags decisions on apprentices of an employer the assessor declared a conflict with, until it ends', () => {
    const d = addDecision(app.ctx, {
      assessorId: bea,
      date: '2026-09-10',
      employer: 'Harbour Retail Ltd',
    });
    const other = addDecision(app.ctx, {
      assessorId: bea,
      date: '2026-09-10',
      employer: 'Other Ltd',
    });
    let profile = saveConflict(app.ctx, {
      assessorId: bea,
      partyType: 'employer',
      partyRef: 'harbour retail ltd',
      declaredOn: '2026-10-01',
      endedOn: null,
      note: 'Sister works there',
    });
    expect(messagesOf(app.ctx, d)).toEqual([
      'assessor ineligible: declared a conflict of interest with the employer harbour retail ltd on 1 October 2026',
    ]);
    expect(flagsOf(app.ctx, other)).toEqual([]);
    const conflictId = profile.conflicts[0]!.id;
    profile = saveConflict(app.ctx, {
      assessorId: bea,
      conflictId,
      partyType: 'employer',
      partyRef: 'harbour retail ltd',
      declaredOn: '2026-10-01',
      endedOn: '2026-10-02',
      note: 'Sister left',
    });
    // Ended after the decision: the decision was still made under the conflict.
    expect(flagsOf(app.ctx, d)).toEqual(['assessor_ineligible']);
    expect(profile.conflicts).toHaveLength(1);
    expect(() =>
      saveConflict(app.ctx, {
        assessorId: bea,
        partyType: 'provider',
        partyRef: '999',
        declaredOn: null,
        endedOn: null,
        note: null,
      }),
    ).toThrow(/UKPRN/);
  });
});

describe('creating and editing assessors', () => {
  it('validates through the contract and refuses a duplicate reference', async () => {
    const bad = await dispatch(app.ctx, 'assessors:save', {
      ref: 'IA 9',
      name: 'X',
      email: 'nope',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.kind).toBe('validation');
    const made = await dispatch(app.ctx, 'assessors:save', {
      ref: 'IA300',
      name: 'Cara Jones',
      email: '',
    });
    expect(made).toMatchObject({
      ok: true,
      value: { ref: 'IA300', email: null, status: 'active' },
    });
    const dup = await dispatch(app.ctx, 'assessors:save', { ref: 'ia300', name: 'Someone Else' });
    expect(dup).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    // Nothing recorded yet: incomplete, not ineligible, and nothing to flag.
    const row = registerRows(app.ctx).rows.find((r) => r.ref === 'IA300');
    expect(row?.eligibility).toBe('incomplete');
    expect(row?.eligibilityReasons).toEqual([
      'approved standards: none recorded',
      'occupational competence: not recorded',
      'qualification: not recorded',
      'sector understanding: not recorded',
    ]);
    expect(row?.compliance.status).toBe('never_attended');
  });

  it('leaves appointments to an IQA lead; moderators record CPD; read-only users change nothing', async () => {
    const moderator = Number(
      app.ctx.sqlite
        .prepare("INSERT INTO users (name, role) VALUES ('Mo Derator', 'moderator')")
        .run().lastInsertRowid,
    );
    const reader = Number(
      app.ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES ('Rea Der', 'read_only')").run()
        .lastInsertRowid,
    );
    const lead = app.ctx.session.userId;
    try {
      app.ctx.session.userId = moderator;
      expect(
        await dispatch(app.ctx, 'assessors:save', { ref: 'IA301', name: 'New Person' }),
      ).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(
        await dispatch(app.ctx, 'assessors:save-cpd', {
          assessorId: bea,
          activityDate: '2026-11-01',
          activity: 'Webinar on professional discussions',
          hours: 1.5,
        }),
      ).toMatchObject({ ok: true });
      app.ctx.session.userId = reader;
      expect(
        await dispatch(app.ctx, 'assessors:save-cpd', {
          assessorId: bea,
          activityDate: '2026-11-01',
          activity: 'Anything',
          hours: 1,
        }),
      ).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    } finally {
      app.ctx.session.userId = lead;
    }
  });
});

describe('the CPD log', () => {
  it('totals hours over the last 12 months and by year, with evidence kept beside the database', () => {
    saveCpd(app.ctx, {
      assessorId: bea,
      activityDate: '2025-11-20',
      activity: 'Sector conference',
      hours: 7,
      notes: null,
    });
    saveCpd(app.ctx, {
      assessorId: bea,
      activityDate: '2025-11-21',
      activity: 'Shadowing',
      hours: 3.5,
      notes: 'Two observations',
    });
    let p = saveCpd(app.ctx, {
      assessorId: bea,
      activityDate: '2026-02-01',
      activity: 'Reading the v1.1 plan',
      hours: 2,
      notes: null,
    });
    // The window is (20 Nov 2025, 20 Nov 2026]: the conference on 20 November 2025 is outside;
    // 3.5 + 2 + the moderator's 1.5 hours = 7.
    expect(p.cpd.windowHours).toBe(7);
    expect(p.cpd.windowMonths).toBe(12);
    expect(p.cpd.byYear).toEqual([
      { year: 2026, hours: 3.5 },
      { year: 2025, hours: 10.5 },
    ]);
    expect(registerRows(app.ctx).rows.find((r) => r.ref === 'IA200')?.cpdHours).toBe(7);

    const entry = p.cpd.entries.find((e) => e.activity === 'Shadowing')!;
    const file = addAttachment(app.ctx, {
      ownerType: 'cpd',
      ownerId: entry.id,
      kind: 'evidence',
      fileName: '../../certificate.txt',
      base64: Buffer.from('attended').toString('base64'),
    });
    // sha256("attended"), computed independently with sha256sum.
    expect(file.sha256).toBe('70cb54613fe1c3c95ca14cd434025802eee72c0dca89853d4393ccf9288994fc');
    const stored = path.join(app.dir, 'attachments', `cpd-${entry.id}`);
    expect(fs.readdirSync(stored)).toEqual([`${file.sha256.slice(0, 16)}-certificate.txt`]);
    expect(readAttachment(app.ctx, file.id)).toEqual({
      fileName: '../../certificate.txt',
      base64: Buffer.from('attended').toString('base64'),
    });
    expect(
      assessorProfile(app.ctx, bea).cpd.entries.find((e) => e.id === entry.id)?.attachments,
    ).toHaveLength(1);
    fs.writeFileSync(path.join(stored, fs.readdirSync(stored)[0]!), 'tampered');
    expect(() => readAttachment(app.ctx, file.id)).toThrow(/has changed since it was attached/);
    removeAttachment(app.ctx, file.id);
    expect(
      assessorProfile(app.ctx, bea).cpd.entries.find((e) => e.id === entry.id)?.attachments,
    ).toEqual([]);

    p = removeCpd(app.ctx, entry.id);
    expect(p.cpd.windowHours).toBe(3.5);
    expect(() =>
      saveCpd(app.ctx, {
        assessorId: bea,
        activityDate: '2026-12-01',
        activity: 'Future',
        hours: 1,
        notes: null,
      }),
    ).toThrow('A CPD activity cannot be after today.');
  });

  it('refuses empty and oversized files', () => {
    expect(() =>
      addAttachment(app.ctx, {
        ownerType: 'assessor',
        ownerId: bea,
        kind: 'competence',
        fileName: 'cv.pdf',
        base64: '',
      }),
    ).toThrow('The file is empty.');
    expect(() =>
      addAttachment(app.ctx, {
        ownerType: 'assessor',
        ownerId: bea,
        kind: 'competence',
        fileName: 'cv.pdf',
        base64: Buffer.alloc(20 * 1024 * 1024 + 1).toString('base64'),
      }),
    ).toThrow('Files are limited to 20 MB each.');
    expect(() =>
      addAttachment(app.ctx, {
        ownerType: 'event',
        ownerId: 999_999,
        kind: 'agenda',
        fileName: 'a.txt',
        base64: 'YQ==',
      }),
    ).toThrow('Event 999999 does not exist.');
  });
});
