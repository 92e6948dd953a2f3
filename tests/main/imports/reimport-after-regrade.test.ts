/**
 * Decisions re-imports after moderation changed grades: the flags the assessor's grades earned
 * stay, whichever thread read the file, unless the source corrected them.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportHooks } from '../../../src/main/imports/engine';
import { connectionFor, startReader } from '../../../src/main/imports/runner';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { epaRows, header, resitRows, row, writeCsv, type Cell } from './files';
import { importFile, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

let n = 0;
const decisionsFile = (rows: Cell[][]): string =>
  writeCsv(path.join(app.dir, `d-${++n}.csv`), [header('decisions'), ...rows]);
const moderationFile = (rows: Record<string, Cell>[]): string =>
  writeCsv(path.join(app.dir, `m-${++n}.csv`), [
    header('moderation'),
    ...rows.map((r) =>
      row('moderation', { moderator: 'Jordan Ellis', activity: 'Documentation review', ...r }),
    ),
  ]);

const flagsOf = (ref: string, code: string): { id: number; message: string }[] =>
  app.ctx.sqlite
    .prepare(
      `SELECT f.id, f.message FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
       WHERE d.decision_ref = ? AND f.code = ? ORDER BY f.id`,
    )
    .all(ref, code) as { id: number; message: string }[];

const gradeOf = (ref: string): string =>
  app.ctx.sqlite
    .prepare('SELECT grade FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as string;

const CAPPED =
  're-sit or re-take (attempt 2) graded Distinction: capped at Pass unless exceptional circumstances are recorded';

describe('resit_above_cap after a moderation, then a decisions re-import', () => {
  it('keeps the cap flag on the assessor’s Distinction when moderation lowered it and a re-import only corrects the duration', async () => {
    // moderation-history.test / grades.ts: "a flag on the assessor's grade stays when a moderation
    // lowers it (what was flagged is not rewritten)". The source still says Distinction without
    // exceptional circumstances, which is exactly what resit_above_cap is about; a re-import that
    // only corrects the duration (60 -> 61, still in limits) must not wipe that record.
    await importFile(app.ctx, 'decisions', decisionsFile(resitRows(3, 'Distinction')));
    expect(flagsOf('R3-O-2', 'resit_above_cap').map((f) => f.message)).toEqual([CAPPED]);
    const mod = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R3-O-2', moderation_date: '2026-04-01', moderated_grade: 'Pass' },
      ]),
    );
    expect(mod.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(gradeOf('R3-O-2')).toBe('Pass');
    const before = flagsOf('R3-O-2', 'resit_above_cap');
    expect(before.map((f) => f.message)).toEqual([CAPPED]);

    const fix = await importFile(
      app.ctx,
      'decisions',
      decisionsFile(resitRows(3, 'Distinction', { duration_minutes: 61 })),
    );
    expect(fix.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(gradeOf('R3-O-2')).toBe('Pass');
    expect(flagsOf('R3-O-2', 'resit_above_cap')).toEqual(before);
  });

  it('keeps the cap flag of a re-sit moderated up to Distinction when a large file (reader thread) re-imports it with a corrected duration', async () => {
    // README: "A moderation (imported or in the app) ... that grades a re-sit or re-take above its
    // cap without recorded exceptional circumstances flags the decision resit_above_cap". The
    // decision is still Distinction after the re-import (the app's grade stands), so the flag is
    // still due; the import must give the same result whichever thread read the file (the app
    // uses the reader thread for large files).
    // The same steps on the import's own thread keep the flag (probed: passes); only the reader
    // thread's pre-computed limit issues, judged on the file's Pass, clear it.
    await importFile(app.ctx, 'decisions', decisionsFile(resitRows(3, 'Pass')));
    await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R3-O-2', moderation_date: '2026-04-01', moderated_grade: 'Distinction' },
      ]),
    );
    expect(gradeOf('R3-O-2')).toBe('Distinction');
    const before = flagsOf('R3-O-2', 'resit_above_cap');
    expect(before.map((f) => f.message)).toEqual([CAPPED]);

    const hooks: ImportHooks = {
      readAhead: {
        minBytes: 0,
        start: (taken) => startReader({ taken, connection: connectionFor(app.ctx) }),
      },
    };
    const fix = await importFile(
      app.ctx,
      'decisions',
      decisionsFile(resitRows(3, 'Pass', { duration_minutes: 61 })),
      {},
      hooks,
    );
    expect(fix.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(gradeOf('R3-O-2')).toBe('Distinction');
    expect(flagsOf('R3-O-2', 'resit_above_cap')).toEqual(before);
  });
});

describe('resit_after_pass after a moderation, then a decisions re-import', () => {
  it('keeps the re-sit-after-pass flag when moderation failed attempt 1 and a re-import only corrects the re-sit’s duration', async () => {
    // resits.ts: "a grade changed in the app (raiseOnly) only raises ... what was flagged about the
    // attempts as graded is not rewritten by a later judgement", and an import clears flags only
    // because "the source's record is the source's to correct". Here the source did not correct
    // attempt 1 (it still says Pass); only the re-sit's duration changed.
    await importFile(
      app.ctx,
      'decisions',
      decisionsFile(resitRows(3, 'Pass', {}, { grade: 'Pass' })),
    );
    const before = flagsOf('R3-O-2', 'resit_after_pass');
    expect(before).toHaveLength(1);
    await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R3-O-1', moderation_date: '2026-03-01', moderated_grade: 'Fail' },
      ]),
    );
    expect(gradeOf('R3-O-1')).toBe('Fail');
    expect(flagsOf('R3-O-2', 'resit_after_pass')).toEqual(before);

    const fix = await importFile(
      app.ctx,
      'decisions',
      decisionsFile(resitRows(3, 'Pass', { duration_minutes: 61 }, { grade: 'Pass' })),
    );
    expect(fix.counts).toMatchObject({ changed: 1, unchanged: 3, rejected: 0 });
    expect(flagsOf('R3-O-2', 'resit_after_pass')).toEqual(before);
  });
});

describe('conflict-of-interest flags on a changed row', () => {
  it('keeps a conflict flag still due when a re-import only corrects the duration: not counted as new', async () => {
    // raiseFlags: flags "already stored ... are kept as they are instead of raised again: when they
    // were raised stays, and they are not counted as new". README: counts.flags are the flags
    // raised. Re-importing a corrected duration raises no new conflict.
    const assessors = writeCsv(path.join(app.dir, 'assessors.csv'), [
      header('assessors'),
      row('assessors', { assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Other Ltd' }),
    ]);
    await importFile(app.ctx, 'assessors', assessors);
    // The apprentice is recorded with Café Royal; a later export names Other Ltd on the observation.
    await importFile(app.ctx, 'decisions', decisionsFile(epaRows(1)));
    const first = await importFile(
      app.ctx,
      'decisions',
      decisionsFile(epaRows(1, [{ employer: 'Other Ltd' }])),
    );
    expect(first.counts).toMatchObject({ unchanged: 3, flags: 1 });
    const before = flagsOf('R1-O-1', 'assessor_conflict');
    expect(before).toHaveLength(1);
    const fix = await importFile(
      app.ctx,
      'decisions',
      decisionsFile(epaRows(1, [{ employer: 'Other Ltd', duration_minutes: 61 }])),
    );
    expect(fix.counts).toMatchObject({ changed: 1, unchanged: 2 });
    expect(fix.counts.flags).toBe(0);
    expect(flagsOf('R1-O-1', 'assessor_conflict')).toEqual(before);
  });
});
