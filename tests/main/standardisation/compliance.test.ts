/**
 * Standardisation compliance against a real database: the rolling window at its edges (exactly
 * 12 months, a leap day), version changes, flags raised and cleared as attendance, events and the
 * policy change, other domains' flags left alone, the sampling risk and the invitation CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/main/audit/service';
import { setApprovals } from '../../../src/main/assessors/editing';
import { readAssessors } from '../../../src/main/sampling/scope';
import {
  complianceForCli,
  complianceView,
  exportCompliance,
} from '../../../src/main/standardisation/compliance';
import {
  deleteEvent,
  removeAttendance,
  saveEvent,
  setAttendance,
} from '../../../src/main/standardisation/events';
import { currentPolicy, setPolicy } from '../../../src/main/standardisation/policy';
import { inPersonEvent, openTestApp, signInLead, type TestApp } from '../../support/context';
import { addDecision, flagsOf, goodAssessor, messagesOf, versionId } from './helpers';

let app: TestApp;
let ana: number;

function event(date: string, title: string, standards = ['ST0071 v1.1']) {
  return saveEvent(app.ctx, inPersonEvent(date, title, standards));
}

beforeAll(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
  ana = goodAssessor(app.ctx, 'IA100').id;
  setApprovals(app.ctx, {
    assessorId: ana,
    approvals: [
      {
        standardVersionId: versionId(app.ctx, '1.1'),
        approvedFrom: '2023-01-02',
        approvedTo: null,
        note: null,
      },
    ],
  });
  // Standardised on a leap day, then 10 June 2025.
  setAttendance(app.ctx, {
    eventId: event('2024-02-29', 'Leap day standardisation').id,
    entries: [{ assessorId: ana, attendance: 'attended' }],
  });
  setAttendance(app.ctx, {
    eventId: event('2025-06-10', 'Summer standardisation').id,
    entries: [{ assessorId: ana, attendance: 'attended' }],
  });
});
afterAll(() => app.close());

describe('the rolling window, through the services', () => {
  it('flags decisions from the day after the 12 months end, not on the last day', () => {
    // The leap-day event falls due on 28 February 2025 (no 29th in 2025).
    const lastDay = addDecision(app.ctx, { assessorId: ana, date: '2025-02-28' });
    const dayAfter = addDecision(app.ctx, { assessorId: ana, date: '2025-03-01' });
    expect(flagsOf(app.ctx, lastDay)).toEqual([]);
    expect(flagsOf(app.ctx, dayAfter)).toEqual(['standardisation_lapsed']);
    expect(messagesOf(app.ctx, dayAfter)).toEqual([
      "assessor's standardisation lapsed: last on ST0071 v1.1 on 29 February 2024, due by 28 February 2025",
    ]);
    // Standardised again on 10 June 2025: compliant up to and including 10 June 2026.
    expect(flagsOf(app.ctx, addDecision(app.ctx, { assessorId: ana, date: '2026-06-10' }))).toEqual(
      [],
    );
    expect(flagsOf(app.ctx, addDecision(app.ctx, { assessorId: ana, date: '2026-06-11' }))).toEqual(
      ['standardisation_lapsed'],
    );
  });

  it('reports due soon, overdue and compliant on the right days', () => {
    const status = (at: string) =>
      complianceView(app.ctx, { at }).rows.find((r) => r.ref === 'IA100');
    expect(status('2026-06-10')).toMatchObject({
      status: 'due_soon',
      dueBy: '2026-06-10',
      daysToDue: 0,
    });
    expect(status('2026-06-11')).toMatchObject({ status: 'overdue', daysToDue: -1 });
    // 60 days before 10 June 2026 is 11 April.
    expect(status('2026-04-11')?.status).toBe('due_soon');
    expect(status('2026-04-10')?.status).toBe('compliant');
    expect(status('2024-02-28')?.status).toBe('never_attended');
    expect(complianceForCli(app.ctx, '2026-06-11')).toEqual([
      {
        assessor_ref: 'IA100',
        status: 'overdue',
        last_attended: '2025-06-10',
        due_by: '2026-06-10',
      },
    ]);
  });

  it('clears a lapsed flag when attendance that covers the decision is recorded, and raises it again when removed', () => {
    const late = addDecision(app.ctx, { assessorId: ana, date: '2026-07-01' });
    expect(flagsOf(app.ctx, late)).toEqual(['standardisation_lapsed']);
    const catchUp = event('2026-06-20', 'Catch-up');
    setAttendance(app.ctx, {
      eventId: catchUp.id,
      entries: [{ assessorId: ana, attendance: 'attended' }],
    });
    expect(flagsOf(app.ctx, late)).toEqual([]);
    // Apologies do not count.
    setAttendance(app.ctx, {
      eventId: catchUp.id,
      entries: [{ assessorId: ana, attendance: 'apologies' }],
    });
    expect(flagsOf(app.ctx, late)).toEqual(['standardisation_lapsed']);
    setAttendance(app.ctx, {
      eventId: catchUp.id,
      entries: [{ assessorId: ana, attendance: 'attended' }],
    });
    removeAttendance(app.ctx, { eventId: catchUp.id, assessorId: ana });
    expect(flagsOf(app.ctx, late)).toEqual(['standardisation_lapsed']);
    const actions = listAudit(app.ctx, { limit: 500 })
      .filter((r) => r.entity === 'standardisation_event' && r.entityId === String(catchUp.id))
      .map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'standardisation.event-create',
        'standardisation.attendance',
        'standardisation.attendance-remove',
      ]),
    );
  });

  it('recomputes when an event moves or is deleted', () => {
    const late = addDecision(app.ctx, { assessorId: ana, date: '2026-08-01' });
    const e = event('2026-09-01', 'Autumn standardisation');
    setAttendance(app.ctx, {
      eventId: e.id,
      entries: [{ assessorId: ana, attendance: 'attended' }],
    });
    expect(flagsOf(app.ctx, late)).toEqual(['standardisation_lapsed']);
    saveEvent(app.ctx, { ...e, eventId: e.id, date: '2026-07-15', agenda: null, notes: null });
    expect(flagsOf(app.ctx, late)).toEqual([]);
    deleteEvent(app.ctx, e.id);
    expect(flagsOf(app.ctx, late)).toEqual(['standardisation_lapsed']);
  });

  it('needs standardising again when the version changes', () => {
    setApprovals(app.ctx, {
      assessorId: ana,
      approvals: [
        {
          standardVersionId: versionId(app.ctx, '1.1'),
          approvedFrom: '2023-01-02',
          approvedTo: null,
          note: null,
        },
        {
          standardVersionId: versionId(app.ctx, '1.0'),
          approvedFrom: '2023-01-02',
          approvedTo: null,
          note: null,
        },
      ],
    });
    const onOld = addDecision(app.ctx, { assessorId: ana, date: '2025-07-01', version: '1.0' });
    expect(messagesOf(app.ctx, onOld)).toEqual([
      'assessor not standardised on ST0071 v1.0 before this assessment (last standardised on v1.1 on 10 June 2025)',
    ]);
    const row = complianceView(app.ctx, { at: '2025-07-01' }).rows.find((r) => r.ref === 'IA100');
    expect(row?.status).toBe('never_attended');
    expect(row?.targets.map((t) => [t.standard, t.status])).toEqual([
      ['ST0071 v1.0', 'never_attended'],
      ['ST0071 v1.1', 'compliant'],
    ]);
  });

  it('never touches flags other domains raised', () => {
    const d = addDecision(app.ctx, { assessorId: ana, date: '2026-06-12' });
    app.ctx.sqlite
      .prepare(
        "INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, 'duration_out_of_range', 'durationMinutes', 'observation 80 minutes')",
      )
      .run(d);
    setPolicy(app.ctx, { ...currentPolicy(app.ctx), windowMonths: 24 });
    expect(flagsOf(app.ctx, d)).toEqual(['duration_out_of_range']);
    const result = setPolicy(app.ctx, { ...currentPolicy(app.ctx), windowMonths: 12 });
    expect(result.flagsChanged).toBeGreaterThan(0);
    expect(flagsOf(app.ctx, d)).toEqual(['duration_out_of_range', 'standardisation_lapsed']);
  });
});

describe('sampling risk and the invitation list', () => {
  it('raises the sampling risk of an overdue assessor, with the reason', () => {
    const [risky] = readAssessors(app.ctx, [ana], { from: '2026-10-01', to: '2026-10-31' });
    expect(risky?.risks).toEqual([
      expect.objectContaining({
        code: 'standardisation_overdue',
        detail: expect.stringContaining('overdue'),
      }),
    ]);
    const newcomer = goodAssessor(app.ctx, 'IA101', { startDate: '2026-01-05' }).id;
    const [never] = readAssessors(app.ctx, [newcomer], { from: '2026-10-01', to: '2026-10-31' });
    expect(never?.risks[0]?.detail).toBe('never standardised');
  });

  it('exports who is due and overdue, with emails, neutralising formula-like cells', () => {
    goodAssessor(app.ctx, 'IA102', { name: '=HYPERLINK("http://x")', startDate: '2026-01-05' });
    const file = exportCompliance(app.ctx, { at: '2026-11-20', attentionOnly: true });
    expect(file.fileName).toBe('standardisation-due-2026-11-20.csv');
    const csv = Buffer.from(file.base64, 'base64').toString('utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Reference,Name,Email,Status,Last standardised,Due by,Days to due date,Standard versions needing standardisation,Detail',
    );
    expect(lines.some((l) => l.startsWith('IA100,Assessor IA100,ia100@example.org,'))).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines).toHaveLength(4);
  });
});
