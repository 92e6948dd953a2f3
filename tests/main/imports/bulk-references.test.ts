/**
 * A bulk load writes with SQLite's per-row foreign key checks off and checks every reference
 * once before it commits. Whatever goes wrong, a reference to nothing is never stored, and the
 * connection checks references again afterwards.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../support/context';
import { epasCsv } from './files';
import { count, importFile, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

const fileOf = (epas: number): string => epasCsv(path.join(app.dir, `${epas}.csv`), epas);
const foreignKeys = (): number => app.ctx.sqlite.pragma('foreign_keys', { simple: true }) as number;

/**
 * A stand-in for a fault in the import: once the 40th decision is written, it is pointed at an
 * assessor who does not exist (a trigger on this connection only, so the test's own file is
 * untouched).
 */
function danglingAssessorAfter(decisionId: number): void {
  app.ctx.sqlite.exec(`CREATE TEMP TRIGGER fault AFTER INSERT ON main.decisions
    WHEN NEW.id = ${decisionId}
    BEGIN UPDATE decisions SET assessor_id = 987654 WHERE id = NEW.id; END`);
}

describe('references in a bulk load', () => {
  it('stores a large file whole, every reference resolved, and checks references again after', async () => {
    // 51,000 rows: a bulk load.
    const result = await importFile(app.ctx, 'decisions', fileOf(17_000));
    expect(result.committed).toBe(true);
    expect(count(app.ctx, 'decisions')).toBe(51_000);
    expect(app.ctx.sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(foreignKeys()).toBe(1);
    // The connection refuses a reference to nothing again.
    expect(() =>
      app.ctx.sqlite.prepare('UPDATE decisions SET assessor_id = 987654 WHERE id = 1').run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('stores nothing when a bulk load would leave a reference to nothing, and says why', async () => {
    danglingAssessorAfter(40);
    await expect(importFile(app.ctx, 'decisions', fileOf(17_000))).rejects.toThrow(
      'The import would have stored a row of decisions (row id 40) that refers to a row of assessors that does not exist, so nothing was written.',
    );
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
    expect(foreignKeys()).toBe(1);
    expect(app.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses the same fault in a small import row by row, as SQLite checks each reference then', async () => {
    danglingAssessorAfter(4);
    await expect(importFile(app.ctx, 'decisions', fileOf(10))).rejects.toThrow(/FOREIGN KEY/);
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(foreignKeys()).toBe(1);
  });
});
