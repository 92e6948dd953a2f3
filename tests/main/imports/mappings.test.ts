/**
 * Saved column mappings: saving one under a name already taken, and importing a file with one
 * (the columns its problems are reported in, the columns it leaves out, optional columns the
 * file lacks). Real SQLite, real CSV files, through the contract where the app calls it.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, InputOf, OutputOf } from '../../../src/shared/contract';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { saveMapping } from '../../../src/main/imports/mappings';
import { EPA_PRO_HEADERS, EPA_PRO_MAPPING, uln, writeCsv, type Cell } from './files';
import { callOk, count, importFile, problemLines, standardise, storedDecisions } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
  signInLead(app.ctx);
});
afterEach(() => app.close());

const call = <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> =>
  callOk(app.ctx, channel, input);

const decisionsHeaders = EPA_PRO_HEADERS;
const decisionsMapping = EPA_PRO_MAPPING;
const moderationHeaders = ['Ref', 'Moderator', 'When', 'Activity', 'Grade'];
const moderationMapping = {
  decision_ref: 'Ref',
  moderator: 'Moderator',
  moderation_date: 'When',
  activity: 'Activity',
  moderated_grade: 'Grade',
};

function audit(): { action: string; before: unknown; after: unknown }[] {
  return (
    app.ctx.sqlite
      .prepare(
        `SELECT action, before_json AS before, after_json AS after FROM audit_log
         WHERE action LIKE 'import.mapping-%' ORDER BY id`,
      )
      .all() as { action: string; before: string | null; after: string }[]
  ).map((r) => ({
    action: r.action,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: JSON.parse(r.after) as unknown,
  }));
}

describe('saving a mapping under a name already taken', () => {
  it("refuses the name of another template's mapping, in any capitals, and keeps that mapping", async () => {
    const decisions = await call('imports:save-mapping', {
      name: 'EPA Pro',
      kind: 'decisions',
      headers: decisionsHeaders,
      mapping: decisionsMapping,
    });
    for (const replace of [false, true]) {
      await expect(
        call('imports:save-mapping', {
          name: 'epa pro',
          kind: 'moderation',
          headers: moderationHeaders,
          mapping: moderationMapping,
          replace,
        }),
      ).rejects.toThrow(
        'refused: There is already a saved mapping called "EPA Pro", for assessor decisions files. Give this mapping another name.',
      );
    }
    expect(await call('imports:list-mappings', {})).toEqual([decisions]);
    expect(audit().map((a) => a.action)).toEqual(['import.mapping-save']);
  });

  it('folds capitals beyond A to Z: "über export" is the name "Über Export"', async () => {
    await call('imports:save-mapping', {
      name: 'Über Export',
      kind: 'decisions',
      headers: decisionsHeaders,
      mapping: decisionsMapping,
    });
    await expect(
      call('imports:save-mapping', {
        name: 'über export',
        kind: 'moderation',
        headers: moderationHeaders,
        mapping: moderationMapping,
      }),
    ).rejects.toThrow('refused: There is already a saved mapping called "Über Export"');
  });

  it("asks before replacing this template's mapping of the same name, and replaces it when told to", async () => {
    const first = await call('imports:save-mapping', {
      name: 'EPA Pro',
      kind: 'decisions',
      headers: decisionsHeaders,
      mapping: decisionsMapping,
    });
    const headers = [...decisionsHeaders.slice(0, 5), 'Grade awarded'];
    const mapping = { ...decisionsMapping, grade: 'Grade awarded' };
    await expect(
      call('imports:save-mapping', { name: ' epa PRO ', kind: 'decisions', headers, mapping }),
    ).rejects.toThrow(
      'conflict: There is already a saved mapping called "EPA Pro" for assessor decisions files. Replace it with this one, or give this mapping another name.',
    );
    expect(await call('imports:list-mappings', {})).toEqual([first]);

    const replaced = await call('imports:save-mapping', {
      name: ' epa PRO ',
      kind: 'decisions',
      headers,
      mapping,
      replace: true,
    });
    // The same record, renamed as typed the second time, with the new columns.
    expect(replaced).toMatchObject({ id: first.id, name: 'epa PRO', kind: 'decisions', headers });
    expect(replaced.mapping).toMatchObject(mapping);
    expect(count(app.ctx, 'import_mappings')).toBe(1);
    expect(audit()).toEqual([
      expect.objectContaining({ action: 'import.mapping-save', before: null }),
      {
        action: 'import.mapping-update',
        before: expect.objectContaining({
          name: 'EPA Pro',
          kind: 'decisions',
          headers: decisionsHeaders,
        }) as unknown,
        after: expect.objectContaining({ name: 'epa PRO', kind: 'decisions', headers }) as unknown,
      },
    ]);
  });

  it('saves a new name with or without replace', async () => {
    const saved = await call('imports:save-mapping', {
      name: 'Training log',
      kind: 'moderation',
      headers: moderationHeaders,
      mapping: moderationMapping,
      replace: true,
    });
    expect(saved).toMatchObject({ name: 'Training log', kind: 'moderation' });
    await expect(
      call('imports:save-mapping', {
        name: 'Other',
        kind: 'moderation',
        headers: moderationHeaders,
        mapping: moderationMapping,
        replace: 'yes' as unknown as boolean,
      }),
    ).rejects.toThrow(/^validation: /);
  });
});

/** An export from another system: its own headings, a notes column no template has. */
const EXPORT = ['Learner ULN', 'First name', 'Standard', 'Component', 'Assessor', 'Date', 'Result'];
const exportMapping = {
  uln: 'Learner ULN',
  given_name: 'First name',
  standard_code: 'Standard',
  method: 'Component',
  assessor_ref: 'Assessor',
  assessment_date: 'Date',
  grade: 'Result',
};
const exportRow = (n: number, values: Record<string, string> = {}): Record<string, string> => ({
  'Learner ULN': uln(n),
  'First name': 'Zoë',
  Standard: 'ST0071',
  Component: 'O',
  Assessor: 'IA001',
  Date: '02/02/2026',
  Result: 'Pass',
  Notes: 'calm',
  ...values,
});
/** A CSV of these headings (in this order), a row for each set of values. */
function exportFile(name: string, headings: string[], rows: Record<string, string>[]): string {
  const cells: Cell[][] = rows.map((r) => headings.map((h) => r[h] ?? ''));
  return writeCsv(path.join(app.dir, name), [headings, ...cells]);
}
const saveExport = (): void => {
  saveMapping(app.ctx, {
    name: 'EPA Pro',
    kind: 'decisions',
    headers: [...EXPORT, 'Notes'],
    mapping: exportMapping,
  });
};

describe('importing with a saved mapping', () => {
  it('does not warn about the columns the saved mapping left out, only about ones it never saw', async () => {
    saveExport();
    // The same headings: the saved mapping is chosen by itself, and Notes was left out on purpose.
    const same = exportFile('same.csv', [...EXPORT, 'Notes'], [exportRow(1)]);
    const chosen = await importFile(app.ctx, 'decisions', same, { mode: 'preview' });
    expect(chosen.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(problemLines(chosen)).toEqual([]);
    // Named (as the command line does), on a file with a column the mapping never saw.
    const more = exportFile('more.csv', [...EXPORT, 'NOTES', 'Comments'], [exportRow(2)]);
    const named = await importFile(app.ctx, 'decisions', more, {
      mode: 'preview',
      mappingName: 'epa pro',
    });
    expect(problemLines(named)).toEqual([
      '1 Comments: "Comments" is not a column of the decisions template, so it was ignored',
    ]);
    // As the app sends it: the saved mapping's columns with its name.
    const app_ = await importFile(app.ctx, 'decisions', same, {
      mode: 'preview',
      mapping: exportMapping,
      mappingName: 'EPA Pro',
    });
    expect(problemLines(app_)).toEqual([]);
    // Columns chosen by hand and not saved, or under a name whose mapping now says otherwise,
    // still warn: nothing says the column was left out on purpose.
    for (const mappingName of [undefined, 'EPA Pro']) {
      const byHand = await importFile(app.ctx, 'decisions', same, {
        mode: 'preview',
        mapping: { ...exportMapping, given_name: null },
        ...(mappingName ? { mappingName } : {}),
      });
      expect(problemLines(byHand, 'warning')).toEqual([
        '1 First name: "First name" is not a column of the decisions template, so it was ignored',
        '1 Notes: "Notes" is not a column of the decisions template, so it was ignored',
      ]);
    }
  });

  it('still warns about an unknown column when no mapping is used', async () => {
    const file = writeCsv(path.join(app.dir, 'template.csv'), [
      ['uln', 'standard_code', 'method', 'assessor_ref', 'assessment_date', 'grade', 'Notes'],
      [uln(1), 'ST0071', 'O', 'IA001', '02/02/2026', 'Pass', 'calm'],
    ]);
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(problemLines(result)).toEqual([
      '1 Notes: "Notes" is not a column of the decisions template, so it was ignored',
    ]);
  });

  it('treats an optional column the file lacks as not in the file, saying so; a required one still refuses', async () => {
    saveExport();
    const named = exportFile('names.csv', EXPORT, [exportRow(1)]);
    await importFile(app.ctx, 'decisions', named, { mappingName: 'EPA Pro' });
    // Next month's export has no first names: the mapping still serves, without them.
    const headings = EXPORT.filter((h) => h !== 'First name');
    const file = exportFile('no-names.csv', headings, [exportRow(1), exportRow(2)]);
    const result = await importFile(app.ctx, 'decisions', file, { mappingName: 'EPA Pro' });
    expect(result).toMatchObject({ committed: true, counts: { new: 1, unchanged: 1 } });
    expect(result.problems).toEqual([
      {
        row: 1,
        column: 'given_name',
        value: '',
        severity: 'warning',
        message:
          'the saved mapping "EPA Pro" reads given_name from the column "First name", which this file does not have, so given_name was not imported',
      },
    ]);
    // Not in the file, so a name stored before stays.
    expect(storedDecisions(app.ctx).map((d) => d.given)).toEqual(['Zoë', null]);
    expect(
      app.ctx.sqlite
        .prepare('SELECT mapping_name FROM import_batch_details ORDER BY batch_id')
        .pluck()
        .all(),
    ).toEqual(['EPA Pro', 'EPA Pro']);

    const noUln = exportFile(
      'no-uln.csv',
      EXPORT.filter((h) => h !== 'Learner ULN'),
      [exportRow(3)],
    );
    await expect(
      importFile(app.ctx, 'decisions', noUln, { mappingName: 'EPA Pro' }),
    ).rejects.toThrow(
      'Mapping "EPA Pro": uln reads column "Learner ULN", which this file does not have.',
    );
    expect(count(app.ctx, 'decisions')).toBe(2);
  });
});

describe("the columns of a mapped file's problems", () => {
  it("name the file's heading with the template's column, in the preview and the batch's report", async () => {
    const headings = [...EXPORT, 'grade'];
    const file = exportFile('mapped.csv', headings, [
      exportRow(1, { 'Learner ULN': '12345' }),
      exportRow(2, { 'Learner ULN': 'ULN', Standard: 'ST0071', Assessor: 'IA001' }),
      exportRow(3),
    ]);
    const result = await importFile(app.ctx, 'decisions', file, { mapping: exportMapping });
    expect(result.counts).toMatchObject({ new: 1, rejected: 2 });
    // The result keeps the template's names (what scripts read), with the heading beside them.
    expect(result.problems).toEqual([
      // A heading no column reads is named as it is, even when it is a template column's name.
      {
        row: 1,
        column: 'grade',
        value: '',
        severity: 'warning',
        message: '"grade" is not a column of the decisions template, so it was ignored',
      },
      {
        row: 2,
        column: 'uln',
        heading: 'Learner ULN',
        value: '12345',
        severity: 'error',
        message: 'ULN must be 10 digits (this has 5)',
      },
      expect.objectContaining({ row: 3, column: 'uln', heading: 'Learner ULN', value: 'ULN' }),
    ]);
    // Every column the mapping reads, by the export's heading.
    expect(result.headings).toEqual(exportMapping);
    expect(result.preview.find((r) => r.row === 2)?.notes).toEqual([
      'Rejected, Learner ULN (uln): ULN must be 10 digits (this has 5)',
    ]);
    const report = await call('imports:report-csv', { batchId: result.batchId as number });
    expect(Buffer.from(report.base64, 'base64').toString('utf8')).toBe(
      [
        '\uFEFFfile,row,column,value,severity,message',
        'mapped.csv,1,grade,,warning,"""grade"" is not a column of the decisions template, so it was ignored"',
        'mapped.csv,2,Learner ULN (uln),12345,error,ULN must be 10 digits (this has 5)',
        `mapped.csv,3,Learner ULN (uln),ULN,error,${result.problems[2]?.message ?? ''}`,
        '',
      ].join('\r\n'),
    );
  });

  it("keep the template's name alone where the file's heading is that name", async () => {
    const file = writeCsv(path.join(app.dir, 'own.csv'), [
      ['ULN', 'Standard_Code', 'method', 'assessor_ref', 'assessment_date', 'Grade'],
      ['12345', 'ST0071', 'O', 'IA001', '02/02/2026', 'Pass'],
    ]);
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(result.headings).toEqual({});
    expect(result.problems).toEqual([
      expect.not.objectContaining({ heading: expect.anything() as unknown }),
    ]);
    expect(result.preview[0]?.notes).toEqual([
      'Rejected (uln): ULN must be 10 digits (this has 5)',
    ]);
  });
});
