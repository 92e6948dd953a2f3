/**
 * The annual standardisation report (screen data, PDF checked with pdftotext, CSV) and the
 * published CLI `report standardisation --at DATE [--json]`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setApprovals, setAssessorStatus } from '../../../src/main/assessors/editing';
import { runCli } from '../../../src/main/cli/main';
import { saveEvent, setAttendance } from '../../../src/main/standardisation/events';
import { recordMarks, saveExercise } from '../../../src/main/standardisation/exercises';
import { standardisationReport } from '../../../src/main/standardisation/report';
import { exportReport } from '../../../src/main/standardisation/report-export';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { addDecision, goodAssessor, versionId } from './helpers';

let app: TestApp;
const ids: Record<string, number> = {};

function event(
  date: string,
  title: string,
  entries: [string, 'attended' | 'apologies' | 'absent'][],
) {
  const e = saveEvent(app.ctx, {
    date,
    title,
    standards: ['ST0071 v1.1'],
    format: 'remote',
    facilitator: 'Sam Okafor',
    agenda: null,
    notes: null,
  });
  setAttendance(app.ctx, {
    eventId: e.id,
    entries: entries.map(([ref, attendance]) => ({ assessorId: ids[ref]!, attendance })),
  });
  return e.id;
}

beforeAll(async () => {
  // The clock stands at 20 November 2026.
  app = await openTestApp();
  signInLead(app.ctx);
  for (const ref of ['IA010', 'IA020', 'IA030', 'IA050']) ids[ref] = goodAssessor(app.ctx, ref).id;
  ids.IA040 = goodAssessor(app.ctx, 'IA040', { startDate: '2026-01-05' }).id;
  for (const id of Object.values(ids))
    setApprovals(app.ctx, {
      assessorId: id,
      approvals: [
        {
          standardVersionId: versionId(app.ctx, '1.1'),
          approvedFrom: null,
          approvedTo: null,
          note: null,
        },
      ],
    });
  setAssessorStatus(app.ctx, {
    assessorId: ids.IA050!,
    status: 'left',
    effectiveFrom: '2025-06-30',
    note: null,
  });
  event('2025-09-01', 'Last year', [['IA030', 'attended']]);
  event('2026-03-10', 'Spring standardisation', [
    ['IA010', 'attended'],
    ['IA020', 'attended'],
    ['IA030', 'apologies'],
    ['IA040', 'absent'],
  ]);
  const autumn = event('2026-10-05', 'Autumn standardisation', [
    ['IA010', 'attended'],
    ['IA030', 'absent'],
  ]);
  const x = saveExercise(app.ctx, {
    eventId: autumn,
    title: 'Sample marking',
    standardVersionId: versionId(app.ctx, '1.1'),
    instructions: null,
    items: [
      {
        label: 'Project A',
        methodCode: 'WBP',
        description: null,
        agreedGrade: 'Pass',
        agreedCriteria: {},
      },
      {
        label: 'Project B',
        methodCode: 'WBP',
        description: null,
        agreedGrade: 'Distinction',
        agreedCriteria: {},
      },
    ],
  });
  recordMarks(app.ctx, {
    exerciseId: x.id,
    assessorId: ids.IA010!,
    marks: x.items.map((i) => ({ itemId: i.id, grade: 'Pass', criteria: {}, note: null })),
  });
  addDecision(app.ctx, { assessorId: ids.IA010!, date: '2026-05-01' });
  addDecision(app.ctx, { assessorId: ids.IA030!, date: '2026-10-01' });
  addDecision(app.ctx, { assessorId: ids.IA040!, date: '2026-06-01' });
});
afterAll(() => app.close());

describe('the annual standardisation report', () => {
  it('counts events, attendance, who did not attend, compliance and exercise agreement', () => {
    const r = standardisationReport(app.ctx, { standard: 'st0071', year: 2026 });
    expect(r).toMatchObject({ year: 2026, from: '2026-01-01', to: '2026-12-31', at: '2026-11-20' });
    expect(r.events.map((e) => [e.title, e.attended, e.recorded])).toEqual([
      ['Spring standardisation', 2, 4],
      ['Autumn standardisation', 1, 2],
    ]);
    // 3 attended of 6 places recorded; IA050 left in 2025 and is out of scope.
    expect(r.attendance).toEqual({
      recorded: 6,
      attended: 3,
      rate: 0.5,
      assessorsInScope: 4,
      assessorsAttended: 2,
    });
    expect(r.neverAttending).toEqual([
      {
        assessorId: ids.IA030,
        ref: 'IA030',
        name: 'Assessor IA030',
        lastEver: '2025-09-01',
        status: 'overdue',
      },
      {
        assessorId: ids.IA040,
        ref: 'IA040',
        name: 'Assessor IA040',
        lastEver: null,
        status: 'never_attended',
      },
    ]);
    expect(r.compliance.counts).toEqual({
      compliant: 2,
      due_soon: 0,
      overdue: 1,
      never_attended: 1,
    });
    // IA010 gave Pass to both: 1 of 2 exact, one grade severe on Project B.
    expect(r.exercises).toHaveLength(1);
    expect(r.exercises[0]).toMatchObject({ items: 2, participants: 1, exact: 0.5, followUp: 1 });
    expect(r.agreement).toEqual([
      expect.objectContaining({ ref: 'IA010', items: 2, matches: 1, meanDifference: -0.5 }),
    ]);
    expect(r.flags).toEqual({
      decisions: 3,
      standardisation_never: 1,
      standardisation_lapsed: 1,
      assessor_ineligible: 0,
    });
    expect(() => standardisationReport(app.ctx, { standard: 'ST9999', year: 2026 })).toThrow(
      'ST9999 is not a standard loaded in the app.',
    );
  });

  it('prints as a PDF an auditor can read', async () => {
    const file = await exportReport(app.ctx, { standard: 'ST0071', year: 2026, format: 'pdf' });
    expect(file.fileName).toBe('standardisation-report-ST0071-2026.pdf');
    const pdf = path.join(app.dir, file.fileName);
    fs.writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Standardisation report 2026: ST0071 Customer Service Specialist');
    expect(text).toContain('Attendance: 3 of 6 recorded places (50%)');
    expect(text).toContain(
      '2 of 4 assessors on the standard attended at least one event; 2 did not.',
    );
    expect(text).toContain(
      'IA040 Assessor IA040: never standardised on this standard; now never attended.',
    );
    expect(text).toContain(
      'IA030 Assessor IA030: last standardised 1 September 2025; now overdue.',
    );
    expect(text).toContain('Exact agreement with the agreed grades 50%');
    expect(text).toContain(
      'Flagged: not standardised on the version 1; standardisation lapsed 1; assessor not meeting the criteria 0.',
    );
  });

  it('exports a CSV', async () => {
    const file = await exportReport(app.ctx, { standard: 'ST0071', year: 2026, format: 'csv' });
    const csv = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(
      '2026-03-10,Spring standardisation,ST0071 v1.1,remote,Sam Okafor,2,1,1,50%,0',
    );
    expect(csv).toContain('IA030,Assessor IA030,no,2025-09-01,Overdue');
  });
});

describe('npm run iqa -- report standardisation', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(
      args,
      { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) },
      {},
    );
    return { code, out, err };
  }

  it('prints each active assessor with the published keys', async () => {
    app.ctx.store.close();
    const r = await cli([
      'report',
      'standardisation',
      '--at',
      '2026-11-20',
      '--json',
      '--db',
      app.dbPath,
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        assessor_ref: 'IA010',
        status: 'compliant',
        last_attended: '2026-10-05',
        due_by: '2027-10-05',
      },
      {
        assessor_ref: 'IA020',
        status: 'compliant',
        last_attended: '2026-03-10',
        due_by: '2027-03-10',
      },
      {
        assessor_ref: 'IA030',
        status: 'overdue',
        last_attended: '2025-09-01',
        due_by: '2026-09-01',
      },
      { assessor_ref: 'IA040', status: 'never_attended', last_attended: null, due_by: null },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['assessor_ref', 'status', 'last_attended', 'due_by']);
    // On another date: before the spring event IA020 had never attended, and IA040 had not started.
    const earlier = JSON.parse(
      (await cli(['report', 'standardisation', '--at', '2026-01-04', '--json', '--db', app.dbPath]))
        .out,
    ) as { assessor_ref: string; status: string }[];
    expect(earlier.map((x) => `${x.assessor_ref} ${x.status}`)).toEqual([
      'IA010 never_attended',
      'IA020 never_attended',
      'IA030 compliant',
    ]);
  });

  it('prints a table without --json', async () => {
    const r = await cli(['report', 'standardisation', '--at', '2026-11-20', '--db', app.dbPath]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('at least once every 12 months');
    expect(r.out).toMatch(/IA030\s+Overdue\s+2025-09-01\s+2026-09-01/);
  });

  it('explains usage mistakes with exit status 2', async () => {
    expect((await cli(['report', 'standardisation', '--db', app.dbPath])).err).toContain(
      'Give the date with --at YYYY-MM-DD.',
    );
    const bad = await cli(['report', 'standardisation', '--at', '2026-02-30', '--db', app.dbPath]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"2026-02-30" is not a date');
    const unknown = await cli(['report', 'everything', '--db', app.dbPath]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'There is no report called "everything". Reports: consistency|standardisation.',
    );
    expect((await cli(['help'])).out).toMatch(/report\s+Reports: consistency .*; standardisation/);
  });
});
