/**
 * The assessors and standardisation attendance imports and saved column mappings with registers
 * as an EPAO keeps them by hand: what they store, refuse and audit. Real CSV files, real SQLite.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResultDto } from '../../../src/shared/contract';
import type { ImportKind } from '../../../src/shared/imports';
import { deleteMapping, saveMapping } from '../../../src/main/imports/mappings';
import { inspectFile } from '../../../src/main/imports/inspect';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { epaRows, header, row, writeCsv, type Cell } from './files';
import { count, importFile, problemLines } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
});
afterEach(() => app.close());

const importRows = (kind: ImportKind, name: string, rows: Cell[][]): Promise<ImportResultDto> =>
  importFile(app.ctx, kind, writeCsv(path.join(app.dir, name), [header(kind), ...rows]));
const a = (values: Record<string, string>) => row('assessors', values);
const s = (values: Record<string, string>) => row('standardisation', values);
/** IA001's attendance at the winter 2025 event, as the file gives it. */
const winter = (attended: string): Cell[] =>
  s({ event_date: '2025-12-01', event_title: 'Winter 2025', assessor_ref: 'IA001', attended });
const decisionsFile = (): string =>
  writeCsv(path.join(app.dir, 'decisions.csv'), [
    header('decisions'),
    ...epaRows(1),
    ...epaRows(2),
  ]);
const q = <T>(sql: string, ...args: unknown[]): T[] =>
  app.ctx.sqlite
    .prepare(sql)
    .raw(true)
    .all(...args) as T[];
const auditCount = (): number => count(app.ctx, 'audit_log');

describe('assessors import', () => {
  it('re-importing the same register (odd separators, spacing, case, duplicates) changes nothing', async () => {
    // Issue 3: "Idempotent: importing the same file twice changes nothing the second time."
    const rows = [
      a({
        assessor_ref: 'IA001',
        name: 'Dana  Hughes',
        email: 'dana@example.org',
        start_date: '01/09/2019',
        qualification_status: 'Held',
        competence_since: '2015-06-01',
        conflicts: ' acme  retail ltd | Acme Retail Ltd ;1001 2345;\n10099999 ',
      }),
      a({ assessor_ref: 'IA002', name: 'Sam Lee', conflicts: '10012345, 10099999' }),
    ];
    const first = await importRows('assessors', 'reg.csv', rows);
    expect(first.counts).toMatchObject({ new: 2, rejected: 0 });
    const conflicts = q(
      'SELECT subject_id, party_type, party_ref, ended_on FROM conflicts ORDER BY id',
    );
    expect(conflicts).toHaveLength(5);
    const audits = auditCount();
    const assessors = q('SELECT * FROM assessors ORDER BY id');
    const again = await importRows('assessors', 'reg.csv', rows);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 0 });
    expect(
      q('SELECT subject_id, party_type, party_ref, ended_on FROM conflicts ORDER BY id'),
    ).toEqual(conflicts);
    expect(q('SELECT * FROM assessors ORDER BY id')).toEqual(assessors);
    // Only the batch's own commit entry is new.
    expect(auditCount()).toBe(audits + 1);
  });

  it('"None declared" in the conflicts column declares no conflict (and ends the imported ones)', async () => {
    // README: conflicts are "employer names or provider UKPRNs ...; `none` ends those imported
    // before". Registers kept by hand say "None declared" or "No conflicts" far more often than a
    // bare "none"; storing them as a conflict with an employer called "None declared" puts a
    // bogus entry in the conflicts register an auditor reads, and leaves the real ones running.
    await importRows('assessors', 'a1.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Acme Ltd' }),
    ]);
    await importRows('assessors', 'a2.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'None declared' }),
      a({ assessor_ref: 'IA002', name: 'Sam Lee', conflicts: 'No conflicts' }),
    ]);
    expect(q('SELECT party_ref FROM conflicts WHERE ended_on IS NULL ORDER BY id')).toEqual([]);
  });

  it('"TAQA - working towards" is stored as working towards, not as held', async () => {
    // README/template: qualification_status is "held, working towards or equivalent
    // expertise"; domain.md: an IA must "hold or be working towards an assessor/verifier
    // qualification". An assessor still working towards TAQA recorded as holding it hides the
    // "working towards, expected date passed" ineligibility flag from IQA.
    const result = await importRows('assessors', 'q.csv', [
      a({
        assessor_ref: 'IA001',
        name: 'Dana Hughes',
        qualification_status: 'TAQA - working towards',
      }),
      a({ assessor_ref: 'IA002', name: 'Sam Lee', qualification_status: 'TAQA in progress' }),
    ]);
    const stored = q<[string, string | null]>(
      'SELECT ref, qualification_status FROM assessors ORDER BY ref',
    );
    // Either read as working towards, or refused as unclear (then not stored); never "held".
    expect(stored.filter(([, status]) => status === 'held')).toEqual([]);
    expect(result.counts.rejected + stored.length).toBe(2);
  });

  it('refuses future start and competence dates, and keeps the stored values', async () => {
    // Issue 3: "an impossible or future date" rejects a row.
    await importRows('assessors', 'a1.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', start_date: '2024-09-01' }),
    ]);
    const result = await importRows('assessors', 'a2.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', start_date: '2027-01-04' }),
      a({ assessor_ref: 'IA002', name: 'Sam Lee', competence_since: '31/12/2026' }),
    ]);
    expect(result.counts).toMatchObject({ rejected: 2, new: 0, changed: 0 });
    expect(problemLines(result, 'error')).toEqual([
      '2 start_date: 4 January 2027 is in the future (today is 20 November 2026)',
      '3 competence_since: 31 December 2026 is in the future (today is 20 November 2026)',
    ]);
    expect(q('SELECT ref, start_date FROM assessors')).toEqual([['IA001', '2024-09-01']]);
  });

  it('an assessor first seen in a decisions file is completed by the register, each change audited', async () => {
    // Issue 3 and README: a re-import change "records the old and new value in the audit log".
    await importFile(app.ctx, 'decisions', decisionsFile());
    const result = await importRows('assessors', 'a.csv', [
      a({
        assessor_ref: 'ia001',
        name: 'Dana Hughes-Wright',
        email: 'dana@example.org',
        start_date: '2020-01-06',
        qualification_status: 'held',
        competence_since: '2015-06-01',
      }),
    ]);
    expect(result.counts).toMatchObject({ changed: 1, new: 0 });
    expect(count(app.ctx, 'assessors')).toBe(1);
    const audit = q<[string, string]>(
      "SELECT before_json, after_json FROM audit_log WHERE action = 'assessor.import-update'",
    );
    expect(audit).toHaveLength(1);
    const [before, after] = (audit[0] as [string, string]).map((j) => JSON.parse(j) as object);
    expect(before).toMatchObject({ name: 'Dana Hughes', email: null });
    expect(after).toMatchObject({ name: 'Dana Hughes-Wright', email: 'dana@example.org' });
  });
});

describe('standardisation attendance import', () => {
  beforeEach(async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
  });
  const lapsedOrNever = (): number =>
    app.ctx.sqlite
      .prepare(
        "SELECT count(*) FROM compliance_flags WHERE code IN ('standardisation_lapsed', 'standardisation_never')",
      )
      .pluck()
      .get() as number;

  it('reads the usual yes/no spellings; "yes" clears the overdue flag and "no" does not', async () => {
    // IA001 last standardised in June 2024: lapsed by the February 2026 assessments.
    await importRows('standardisation', 'old.csv', [
      s({
        event_date: '2024-06-03',
        event_title: 'Summer 2024',
        assessor_ref: 'IA001',
        attended: 'Y',
      }),
    ]);
    expect(lapsedOrNever()).toBe(6);
    for (const no of ['N', 'FALSE', '0', 'Absent']) {
      const r = await importRows('standardisation', `no-${no}.csv`, [winter(no)]);
      expect(r.counts.rejected).toBe(0);
      expect(lapsedOrNever()).toBe(6);
    }
    for (const yes of ['TRUE', '1', 'x', 'Yes']) {
      const r = await importRows('standardisation', `yes-${yes}.csv`, [winter(yes)]);
      expect(r.counts.rejected).toBe(0);
      expect(lapsedOrNever()).toBe(0);
    }
    const blank = await importRows('standardisation', 'blank.csv', [winter('')]);
    expect(problemLines(blank, 'error')).toEqual(['2 attended: attended is required but empty']);
    expect(count(app.ctx, 'standardisation_events')).toBe(2);
  });

  it('records in the audit trail who imported each new attendance, as the app does', async () => {
    // The app's own "record attendance" writes a 'standardisation.attendance' audit entry naming
    // the assessor. An attendance is evidence that clears compliance flags; the import adds one
    // to an event already held with no audit entry and nothing on the row (no batch column), so
    // nothing says who recorded that IA001 attended, or from which file.
    app.ctx.sqlite
      .prepare(
        `INSERT INTO standardisation_events (event_date, title, standards_json, created_by)
         VALUES ('2025-12-01', 'Winter 2025', '["ST0071"]', 'test')`,
      )
      .run();
    const last = app.ctx.sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    const result = await importRows('standardisation', 'std.csv', [winter('yes')]);
    expect(result.counts).toMatchObject({ new: 1 });
    const actions = q<[string]>('SELECT action FROM audit_log WHERE id > ? ORDER BY id', last).map(
      ([action]) => action,
    );
    expect(actions).toEqual(['standardisation.attendance', 'import.commit']);
    const assessorId = app.ctx.sqlite
      .prepare("SELECT id FROM assessors WHERE ref = 'IA001'")
      .pluck()
      .get() as number;
    const mentions = q(
      `SELECT action FROM audit_log WHERE id > ? AND action <> 'import.commit'
       AND (after_json LIKE '%"assessorId":' || ? || '%' OR after_json LIKE '%IA001%')`,
      last,
      assessorId,
    );
    expect(mentions).not.toEqual([]);
  });

  it('refuses attendance at an event held before the assessor started with the EPAO', async () => {
    // The app refuses this ("started with the EPAO on ..., after this event"); the import must
    // not store what the app would refuse: it makes standardisation evidence predate the assessor.
    app.ctx.sqlite
      .prepare("UPDATE assessors SET start_date = '2025-09-01' WHERE ref = 'IA001'")
      .run();
    expect(lapsedOrNever()).toBe(6);
    const result = await importRows('standardisation', 'early.csv', [
      s({
        event_date: '2025-06-02',
        event_title: 'Summer 2025',
        assessor_ref: 'IA001',
        attended: 'yes',
      }),
    ]);
    expect(result.counts).toMatchObject({ new: 0, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      '2 event_date: IA001 started with the EPAO on 1 September 2025, after this event',
    ]);
    expect(count(app.ctx, 'standardisation_attendance')).toBe(0);
    expect(lapsedOrNever()).toBe(6);
  });

  it('does not turn "attended" into "absent" for an assessor with sample-marking grades at that event', async () => {
    // The app refuses this change ("has grades in this event's sample-marking exercises. Remove
    // their attendance record to remove those grades too, or keep them as attended"). An import
    // doing it leaves an absent assessor with marks at the event.
    await importRows('standardisation', 'yes.csv', [winter('yes')]);
    const event = app.ctx.sqlite.prepare('SELECT id FROM standardisation_events').pluck().get();
    const version = app.ctx.sqlite
      .prepare('SELECT id FROM standard_versions LIMIT 1')
      .pluck()
      .get();
    const exercise = app.ctx.sqlite
      .prepare(
        "INSERT INTO standardisation_exercises (event_id, title, standard_version_id, created_by) VALUES (?, 'Marking', ?, 'test')",
      )
      .run(event, version).lastInsertRowid;
    const item = app.ctx.sqlite
      .prepare(
        "INSERT INTO standardisation_exercise_items (exercise_id, position, label, agreed_grade) VALUES (?, 1, 'A', 'Pass')",
      )
      .run(exercise).lastInsertRowid;
    app.ctx.sqlite
      .prepare(
        "INSERT INTO standardisation_exercise_marks (item_id, assessor_id, grade, recorded_by) VALUES (?, (SELECT id FROM assessors WHERE ref = 'IA001'), 'Pass', 'test')",
      )
      .run(item);
    const result = await importRows('standardisation', 'no.csv', [winter('no')]);
    expect(result.counts).toMatchObject({ changed: 0, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      "2 attended: IA001 has grades in this event's sample-marking exercises, so stays recorded as attended; remove the attendance in the app to remove those grades too",
    ]);
    expect(q('SELECT attendance FROM standardisation_attendance')).toEqual([['attended']]);
  });

  it('rejects a contradictory second row for the same assessor and event, and a future event', async () => {
    // Issue 3: "two rows for the same decision in one file", "an impossible or future date".
    const result = await importRows('standardisation', 'twice.csv', [
      winter('yes'),
      s({
        event_date: '01/12/2025',
        event_title: 'winter  2025',
        assessor_ref: 'ia001',
        attended: 'no',
      }),
      s({
        event_date: '2026-11-21',
        event_title: 'Tomorrow',
        assessor_ref: 'IA001',
        attended: 'yes',
      }),
    ]);
    expect(problemLines(result, 'error')).toEqual([
      '3 assessor_ref: row 2 already records IA001 at this event; a file may do so once',
      '4 event_date: 21 November 2026 is in the future (today is 20 November 2026)',
    ]);
    expect(count(app.ctx, 'standardisation_events')).toBe(1);
  });
});

describe('column mapping', () => {
  const headers = ['Assessor ID', 'Full Name', 'Email Address', 'Conflicts of interest'];
  const mapping = {
    assessor_ref: 'Assessor ID',
    name: 'Full Name',
    email: 'Email Address',
    conflicts: 'Conflicts of interest',
  };
  const save = (name = 'HR export') =>
    saveMapping(app.ctx, { name, kind: 'assessors', headers, mapping });

  it('chooses the saved mapping for the same headers in another order and case', async () => {
    save();
    const file = writeCsv(path.join(app.dir, 'hr.csv'), [
      ['conflicts OF interest', 'EMAIL ADDRESS', 'full name', 'assessor id'],
      ['Acme Ltd', 'dana@example.org', 'Dana Hughes', 'IA001'],
    ]);
    const info = await inspectFile(app.ctx, file, 'hr.csv', { kind: 'assessors' });
    expect(info.savedMapping).toBe('HR export');
    const result = await importFile(app.ctx, 'assessors', file);
    expect(result).toMatchObject({ committed: true, counts: { new: 1 } });
    expect(q('SELECT ref, name, email FROM assessors')).toEqual([
      ['IA001', 'Dana Hughes', 'dana@example.org'],
    ]);
  });

  it('chooses the saved mapping when the export has an extra unnamed, empty column', async () => {
    // Issue 3: "mappings are saved by name and chosen automatically next time the same header
    // set appears". An unnamed spacer column adds no header (the import itself never warns about
    // such a "Column C"), yet it makes the file's header set differ and the mapping is not found.
    save();
    const file = writeCsv(path.join(app.dir, 'hr-spacer.csv'), [
      ['Assessor ID', 'Full Name', '', 'Email Address', 'Conflicts of interest'],
      ['IA001', 'Dana Hughes', '', 'dana@example.org', 'Acme Ltd'],
    ]);
    const info = await inspectFile(app.ctx, file, 'hr-spacer.csv', { kind: 'assessors' });
    expect(info.savedMapping).toBe('HR export');
  });

  it("never applies one template's saved mapping to another kind of file with the same headers", async () => {
    const stdHeaders = ['Who', 'When', 'What', 'Came'];
    saveMapping(app.ctx, {
      name: 'Std log',
      kind: 'standardisation',
      headers: stdHeaders,
      mapping: { assessor_ref: 'Who', event_date: 'When', event_title: 'What', attended: 'Came' },
    });
    const file = writeCsv(path.join(app.dir, 'std-log.csv'), [
      stdHeaders,
      ['IA001', '2025-12-01', 'Winter', 'yes'],
    ]);
    const info = await inspectFile(app.ctx, file, 'std-log.csv', { kind: 'assessors' });
    expect(info.savedMapping).toBeNull();
    await expect(importFile(app.ctx, 'assessors', file)).rejects.toThrow(
      /do not match the assessors template/,
    );
    await expect(
      importFile(app.ctx, 'assessors', file, { mappingName: 'std log' }),
    ).rejects.toThrow('The mapping "Std log" is for standardisation, not assessors.');
    expect(count(app.ctx, 'assessors')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
  });

  it('of two saved mappings for one header set the newer is chosen; deleting it falls back to the other', async () => {
    const older = save('HR v1');
    // Saved an hour later (the test clock is fixed, and the newer is chosen by when it was saved).
    const newer = saveMapping(
      { ...app.ctx, clock: () => new Date('2026-11-20T11:00:00.000Z') },
      {
        name: 'HR v2',
        kind: 'assessors',
        headers,
        mapping: { ...mapping, email: null },
      },
    );
    const file = writeCsv(path.join(app.dir, 'hr.csv'), [
      headers,
      ['IA001', 'Dana Hughes', 'dana@example.org', ''],
    ]);
    expect((await inspectFile(app.ctx, file, 'hr.csv', { kind: 'assessors' })).savedMapping).toBe(
      'HR v2',
    );
    deleteMapping(app.ctx, newer.id);
    expect((await inspectFile(app.ctx, file, 'hr.csv', { kind: 'assessors' })).savedMapping).toBe(
      older.name,
    );
    deleteMapping(app.ctx, older.id);
    await expect(importFile(app.ctx, 'assessors', file)).rejects.toThrow(/do not match/);
  });

  it('a saved mapping reading a required column the file lacks refuses the file and writes nothing', async () => {
    save();
    const file = writeCsv(path.join(app.dir, 'short.csv'), [
      ['Assessor ID', 'Email Address'],
      ['IA001', 'dana@example.org'],
    ]);
    await expect(
      importFile(app.ctx, 'assessors', file, { mappingName: 'HR export' }),
    ).rejects.toThrow(
      'Mapping "HR export": name reads column "Full Name", which this file does not have.',
    );
    expect(count(app.ctx, 'assessors')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
  });

  it('a saved mapping whose optional conflicts column is missing keeps the stored conflicts', async () => {
    // README: "an optional column it reads from a heading the file lacks is taken as not in the
    // file, with a warning"; "In an assessors file, a missing column ... keeps what is stored".
    save();
    await importFile(
      app.ctx,
      'assessors',
      writeCsv(path.join(app.dir, 'full.csv'), [headers, ['IA001', 'Dana Hughes', '', 'Acme Ltd']]),
    );
    const result = await importFile(
      app.ctx,
      'assessors',
      writeCsv(path.join(app.dir, 'short.csv'), [
        ['Assessor ID', 'Full Name', 'Email Address'],
        ['IA001', 'Dana Hughes', 'dana@example.org'],
      ]),
      { mappingName: 'HR export' },
    );
    expect(problemLines(result, 'warning')).toEqual([
      '1 conflicts: the saved mapping "HR export" reads conflicts from the column "Conflicts of interest", which this file does not have, so conflicts was not imported',
    ]);
    expect(q('SELECT party_ref, ended_on FROM conflicts')).toEqual([['Acme Ltd', null]]);
    expect(q('SELECT email FROM assessors')).toEqual([['dana@example.org']]);
  });
});
