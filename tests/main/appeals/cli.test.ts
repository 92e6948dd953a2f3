import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import { logAppeal, transitionAppeal } from '../../../src/main/appeals/service';
import { openDemoApp, type TestApp } from '../../support/context';

let app: TestApp;

const cli = runCliCaptured;

beforeAll(async () => {
  app = await openDemoApp({ epas: 40, seed: 5 });
  const epas = app.ctx.sqlite
    .prepare("SELECT id FROM epas WHERE status = 'confirmed' ORDER BY id LIMIT 2")
    .pluck()
    .all() as number[];
  const base = {
    kind: 'appeal' as const,
    type: 'result' as const,
    appellantKind: 'apprentice' as const,
    appellantName: 'CLI Test',
    authorisations: [],
    receivedDate: '2026-11-18',
    grounds: ['bias'],
    description: 'x',
    decisionIds: [],
  };
  logAppeal(app.ctx, { ...base, epaId: epas[0]! });
  const closed = logAppeal(app.ctx, { ...base, epaId: epas[1]! });
  transitionAppeal(app.ctx, { appealId: closed.id, action: 'withdraw' });
  app.ctx.store.close();
}, 120_000);

afterAll(() => app.close());

describe('npm run iqa -- appeals list', () => {
  it('lists open appeals as JSON with the published keys', async () => {
    const r = await cli(['appeals', 'list', '--open', '--json', '--db', app.dbPath]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as {
      calendar: { first_year: number; last_year: number };
      appeals: {
        ref: string;
        status: string;
        deadline: { label: string; due_date: string } | null;
      }[];
    };
    expect(parsed.calendar.last_year).toBe(2028);
    expect(parsed.appeals.map((a) => a.ref)).toEqual(['A-2026-001']);
    // Received Wed 18 Nov 2026 + 5 working days = Wed 25 Nov.
    expect(parsed.appeals[0]?.deadline).toMatchObject({
      label: 'Acknowledge',
      due_date: '2026-11-25',
    });
    const all = await cli(['appeals', 'list', '--db', app.dbPath]);
    expect(all.out).toContain('A-2026-002');
    expect(all.out).toContain('Bank holidays known for');
    expect((await cli(['appeals', '--db', app.dbPath])).code).toBe(2);
  });
});

describe('npm run iqa -- workdays', () => {
  it('prints the due date, hand-checked across Christmas 2026', async () => {
    // Thu 24 Dec 2026 + 3: [Fri 25, weekend, Mon 28 substitute] Tue 29 (1), Wed 30 (2), Thu 31 (3).
    const r = await cli(['workdays', '--from', '2026-12-24', '--days', '3', '--db', app.dbPath]);
    expect(r).toMatchObject({ code: 0, out: '2026-12-31\n' });
    const beyond = await cli([
      'workdays',
      '--from',
      '2028-12-20',
      '--days',
      '20',
      '--db',
      app.dbPath,
    ]);
    expect(beyond.err).toMatch(/covers \d{4} to 2028/);
    expect(
      (await cli(['workdays', '--from', 'soon', '--days', '3', '--db', app.dbPath])).code,
    ).toBe(2);
  });
});
