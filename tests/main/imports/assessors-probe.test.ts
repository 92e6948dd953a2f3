/**
 * The assessors register re-imported as an IQA lead reads the result: what the preview says
 * changed, and what the audit trail keeps of each assessor an import added.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResultDto } from '../../../src/shared/contract';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { epaRows, header, row, writeCsv, type Cell } from './files';
import { importFile, problemLines } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
});
afterEach(() => app.close());

const a = (values: Record<string, string>) => row('assessors', values);
const importRows = (name: string, rows: Cell[][]): Promise<ImportResultDto> =>
  importFile(
    app.ctx,
    'assessors',
    writeCsv(path.join(app.dir, name), [header('assessors'), ...rows]),
  );
const audit = (action: string): { before: unknown; after: unknown }[] =>
  (
    app.ctx.sqlite
      .prepare('SELECT before_json, after_json FROM audit_log WHERE action = ? ORDER BY id')
      .raw(true)
      .all(action) as [string | null, string | null][]
  ).map(([b, x]) => ({
    before: b === null ? null : (JSON.parse(b) as unknown),
    after: x === null ? null : (JSON.parse(x) as unknown),
  }));

describe('an assessors re-import that changes details', () => {
  it("says each change under the template's column, with values as the template writes them", async () => {
    await importRows('a1.csv', [
      a({
        assessor_ref: 'IA001',
        name: 'Dana Hughes',
        email: 'dana@example.org',
        start_date: '2020-01-06',
        qualification_status: 'held',
        competence_since: '2015-06-01',
      }),
    ]);
    const rows = [
      a({
        assessor_ref: 'IA001',
        name: 'Dana Hughes',
        email: 'dana@example.org',
        start_date: '2021-02-01',
        qualification_status: 'Working towards',
        competence_since: '2014-03-03',
      }),
    ];
    const changed = await importRows('a2.csv', rows);
    expect(changed.counts).toMatchObject({ changed: 1 });
    // The preview speaks the file's language: qualification_status and start_date, not the
    // stored fields (qualificationStatus, startDate) or codes (working_towards).
    expect(changed.preview[0]?.notes).toEqual([
      'start_date: 2020-01-06 → 2021-02-01',
      'qualification_status: Held → Working towards',
      'competence_since: 2015-06-01 → 2014-03-03',
    ]);
    // The audit keeps the stored values, before and after.
    expect(audit('assessor.import-update')).toEqual([
      {
        before: {
          startDate: '2020-01-06',
          qualificationStatus: 'held',
          competenceSince: '2015-06-01',
          conflictsEnded: [],
        },
        after: {
          startDate: '2021-02-01',
          qualificationStatus: 'working_towards',
          competenceSince: '2014-03-03',
          conflictsAdded: [],
          reason: 'import batch 2 (a2.csv, row 2)',
        },
      },
    ]);
    const again = await importRows('a2.csv', rows);
    expect(again.counts).toMatchObject({ changed: 0, unchanged: 1 });
    expect(audit('assessor.import-update')).toHaveLength(1);
  });

  it('records in the audit trail which batch, file and row added an assessor', async () => {
    // The assessors table has no batch column: the audit entry is the only record of where a
    // new assessor came from, as it is for an attendance or a moderation an import recorded.
    await importRows('register.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes' }),
      a({ assessor_ref: 'IA002', name: 'Sam Lee', conflicts: 'Acme Ltd' }),
    ]);
    expect(audit('assessor.import-create').map((e) => e.after)).toEqual([
      expect.objectContaining({ ref: 'IA001', reason: 'import batch 1 (register.csv, row 2)' }),
      expect.objectContaining({ ref: 'IA002', reason: 'import batch 1 (register.csv, row 3)' }),
    ]);
  });

  it('keeps the conflicts when the cell holds only separators, as it does for a blank cell', async () => {
    // README: a blank cell keeps what is stored, and "none" ends the imported conflicts. A cell
    // left with a stray ";" (the names deleted, the separator not) names no party and does not
    // say "none": it must not end a declared conflict of interest.
    await importRows('a1.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Acme Ltd; 10012345' }),
    ]);
    for (const cell of [';', ' ; ; ', '|']) {
      const result = await importRows('a2.csv', [
        a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: cell }),
      ]);
      expect(result.counts).toMatchObject({ unchanged: 1, changed: 0 });
    }
    expect(
      app.ctx.sqlite
        .prepare('SELECT party_ref FROM conflicts WHERE ended_on IS NULL ORDER BY id')
        .pluck()
        .all(),
    ).toEqual(['Acme Ltd', '10012345']);
  });

  it('warns when a declared employer differs from one on record only in its accents', async () => {
    // The decisions name the employer "Café Royal £ Ltd". A register typed without the accent
    // declares a conflict that flags none of them (employers match in any capitals and spacing,
    // not without their accents): a note that it is "not on record yet" hides that.
    await importFile(
      app.ctx,
      'decisions',
      writeCsv(path.join(app.dir, 'decisions.csv'), [header('decisions'), ...epaRows(1)]),
    );
    const result = await importRows('a.csv', [
      a({
        assessor_ref: 'IA002',
        name: 'Sam Lee',
        conflicts: 'CAFE ROYAL £ LTD; café royal £ ltd',
      }),
    ]);
    expect(result.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(problemLines(result, 'warning')).toEqual([
      "2 conflicts: no employer on record is named 'CAFE ROYAL £ LTD', but 'Café Royal £ Ltd' is, which differs only in its accents; the conflict flags only decisions for an employer of exactly that name (in any capitals), so type it as on record if it is the same employer",
    ]);
    expect(result.problems[0]?.value).toBe('CAFE ROYAL £ LTD');
  });
});
