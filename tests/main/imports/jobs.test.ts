/**
 * Imports through the contract, as both the desktop (IPC) and browser (HTTP) adapters serve it:
 * chunked upload, inspection, preview and commit jobs in the worker with progress, cancel,
 * reports, templates and saved mappings; and the worker's limits.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ApiResult,
  Channel,
  ImportJobDto,
  InputOf,
  OutputOf,
} from '../../../src/shared/contract';
import { dispatch } from '../../../src/main/api/dispatch';
import {
  connectionFor,
  importInput,
  runWorker,
  type WorkerInput,
  type WorkerOutcome,
} from '../../../src/main/imports/runner';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { epaRows, epasCsv, header, row, writeCsv, writeXlsx, type Cell } from './files';
import { callOk, count, standardise } from './helpers';
import fs from 'node:fs';
import Database from 'better-sqlite3';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
  signInLead(app.ctx);
});
afterEach(() => app.close());

const call = <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> =>
  callOk(app.ctx, channel, input);

async function upload(file: string, chunk = 64 * 1024): Promise<string> {
  const bytes = fs.readFileSync(file);
  let uploadId: string | null = null;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const part = bytes.subarray(offset, offset + chunk);
    const answer: { uploadId: string; received: number } = await call('imports:upload-chunk', {
      uploadId,
      fileName: path.basename(file),
      size: bytes.length,
      offset,
      base64: part.toString('base64'),
    });
    uploadId = answer.uploadId;
    expect(answer.received).toBe(Math.min(offset + chunk, bytes.length));
  }
  return uploadId as string;
}

async function settle(jobId: string): Promise<ImportJobDto> {
  for (;;) {
    const job = await call('imports:job-status', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const bigFile = (name: string, apprentices: number): string =>
  epasCsv(path.join(app.dir, name), apprentices);

/** The worker's input for committing a decisions file through the test app's database. */
const commitTask = (file: string): WorkerInput =>
  importInput(app.ctx, {
    kind: 'decisions',
    file,
    fileName: path.basename(file),
    mode: 'commit',
    allOrNothing: false,
  });

describe('imports over the contract', () => {
  it('uploads in chunks, inspects, previews with a report, commits, and lists the batch', async () => {
    const file = writeCsv(
      path.join(app.dir, 'decisions.csv'),
      [
        header('decisions'),
        ...Array.from({ length: 300 }, (_, i) => epaRows(i + 1)).flat(),
        row('decisions', {
          uln: '1000000042',
          standard_code: 'ST0071',
          method: 'O',
          assessor_ref: 'IA001',
          assessment_date: '2026-02-02',
          grade: 'Pass',
        }),
      ],
      { delimiter: ';' },
    );
    const uploadId = await upload(file);

    const info = await call('imports:inspect', { uploadId });
    expect(info).toMatchObject({
      fileName: 'decisions.csv',
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      headerRow: 1,
      kind: 'decisions',
      suggestedKind: 'decisions',
      exact: true,
      missingRequired: [],
      savedMapping: null,
    });
    expect(info.headers).toEqual(header('decisions'));
    expect(info.sample).toHaveLength(5);

    const { jobId } = await call('imports:start', {
      uploadId,
      kind: 'decisions',
      mode: 'preview',
      allOrNothing: false,
    });
    const preview = await settle(jobId);
    expect(preview).toMatchObject({ state: 'done', mode: 'preview', rowsDone: 901 });
    expect(preview.result?.counts).toEqual({
      new: 900,
      changed: 0,
      unchanged: 0,
      rejected: 1,
      flags: 0,
    });
    expect(count(app.ctx, 'decisions')).toBe(0);
    const report = await call('imports:report-csv', { jobId });
    const text = Buffer.from(report.base64, 'base64').toString('utf8');
    expect(text).toBe(
      '\uFEFFfile,row,column,value,severity,message\r\ndecisions.csv,902,uln,1000000042,error,ULN check digit does not match (expected 3)\r\n',
    );

    const commit = await settle(
      (
        await call('imports:start', {
          uploadId,
          kind: 'decisions',
          mode: 'commit',
          allOrNothing: false,
        })
      ).jobId,
    );
    expect(commit.result).toMatchObject({ committed: true, batchId: 1 });
    expect(count(app.ctx, 'decisions')).toBe(900);
    const batches = await call('imports:list-batches', {});
    expect(batches[0]).toMatchObject({
      kind: 'decisions',
      fileName: 'decisions.csv',
      importedBy: 'Priya Shah',
      rowsNew: 900,
      rowsRejected: 1,
      problems: 1,
      allOrNothing: false,
    });
    const batchReport = await call('imports:report-csv', { batchId: 1 });
    expect(Buffer.from(batchReport.base64, 'base64').toString('utf8')).toBe(text);
    // A committed upload is gone: importing it twice by accident needs choosing it again.
    await expect(call('imports:inspect', { uploadId })).rejects.toThrow(/expired/);
  });

  it('refuses chunks out of order and imports by people who may only read', async () => {
    const file = writeCsv(path.join(app.dir, 'a.csv'), [header('decisions'), ...epaRows(1)]);
    const bytes = fs.readFileSync(file);
    const first = await call('imports:upload-chunk', {
      uploadId: null,
      fileName: 'a.csv',
      size: bytes.length,
      offset: 0,
      base64: bytes.subarray(0, 100).toString('base64'),
    });
    await expect(
      call('imports:upload-chunk', {
        uploadId: first.uploadId,
        fileName: 'a.csv',
        size: bytes.length,
        offset: 200,
        base64: bytes.subarray(200).toString('base64'),
      }),
    ).rejects.toThrow('conflict: Expected the part of a.csv at byte 100, not 200.');
    await expect(call('imports:inspect', { uploadId: first.uploadId })).rejects.toThrow(
      /has not finished uploading/,
    );
    const reader = Number(
      app.ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES ('Reader', 'read_only')").run()
        .lastInsertRowid,
    );
    app.ctx.session.userId = reader;
    await expect(
      call('imports:upload-chunk', {
        uploadId: null,
        fileName: 'a.csv',
        size: 10,
        offset: 0,
        base64: '',
      }),
    ).rejects.toThrow(/forbidden: Reader has read-only access/);
  });

  it('lists the sheets of a workbook and reads the chosen one', async () => {
    const file = await writeXlsx(path.join(app.dir, 'book.xlsx'), [
      { name: 'Notes', rows: [['Exported by EPA Pro']] },
      {
        name: 'Attendance',
        rows: [
          header('standardisation'),
          row('standardisation', {
            event_date: new Date('2026-02-10T00:00:00Z'),
            event_title: 'Spring',
            assessor_ref: 'IA001',
            attended: 'yes',
          }),
        ],
        formats: { event_date: 'dd/mm/yyyy' },
      },
    ]);
    const uploadId = await upload(file);
    const first = await call('imports:inspect', { uploadId });
    expect(first).toMatchObject({
      format: 'xlsx',
      sheets: ['Notes', 'Attendance'],
      sheet: 'Notes',
    });
    const chosen = await call('imports:inspect', { uploadId, sheet: 'Attendance' });
    expect(chosen).toMatchObject({
      sheet: 'Attendance',
      suggestedKind: 'standardisation',
      kind: 'standardisation',
      exact: true,
    });
    expect(chosen.sample).toEqual([['2026-02-10', 'Spring', 'IA001', 'yes']]);
  });

  it('chooses a saved mapping for the same headers, and lists and deletes mappings', async () => {
    const file = writeCsv(path.join(app.dir, 'other.csv'), [
      ['When', 'Event', 'Who', 'Came?'],
      ['10/02/2026', 'Spring', 'IA001', 'yes'],
    ]);
    const uploadId = await upload(file);
    const info = await call('imports:inspect', { uploadId, kind: 'standardisation' });
    expect(info).toMatchObject({
      exact: false,
      missingRequired: ['assessor_ref', 'attended'],
      savedMapping: null,
    });
    expect(info.mapping).toMatchObject({
      event_date: 'When',
      event_title: 'Event',
      assessor_ref: null,
    });
    const mapping = {
      event_date: 'When',
      event_title: 'Event',
      assessor_ref: 'Who',
      attended: 'Came?',
    };
    const saved = await call('imports:save-mapping', {
      name: 'Training log',
      kind: 'standardisation',
      headers: info.headers,
      mapping,
    });
    expect(saved).toMatchObject({ name: 'Training log', kind: 'standardisation', mapping });
    const again = await call('imports:inspect', { uploadId, kind: 'standardisation' });
    expect(again).toMatchObject({ savedMapping: 'Training log', mapping, missingRequired: [] });
    expect(
      (await call('imports:list-mappings', { kind: 'standardisation' })).map((m) => m.name),
    ).toEqual(['Training log']);
    await expect(
      call('imports:save-mapping', {
        name: 'Bad',
        kind: 'standardisation',
        headers: info.headers,
        mapping: { event_date: 'When' },
      }),
    ).rejects.toThrow(/Choose the column that holds event_title \(required\)/);
    await call('imports:delete-mapping', { id: saved.id });
    expect(await call('imports:list-mappings', {})).toEqual([]);
  });

  it('deletes a saved mapping, audited, so it is no longer chosen for those headers', async () => {
    const file = writeCsv(path.join(app.dir, 'other.csv'), [
      ['When', 'Event', 'Who', 'Came?'],
      ['10/02/2026', 'Spring', 'IA001', 'yes'],
    ]);
    const uploadId = await upload(file);
    const headers = ['When', 'Event', 'Who', 'Came?'];
    const mapping = {
      event_date: 'When',
      event_title: 'Event',
      assessor_ref: 'Who',
      attended: 'Came?',
    };
    const saved = await call('imports:save-mapping', {
      name: 'Training log',
      kind: 'standardisation',
      headers,
      mapping,
    });
    const kept = await call('imports:save-mapping', {
      name: 'Other log',
      kind: 'standardisation',
      headers: ['Date', 'Title', 'Ref', 'Here'],
      mapping: { event_date: 'Date', event_title: 'Title', assessor_ref: 'Ref', attended: 'Here' },
    });
    expect(await call('imports:inspect', { uploadId, kind: 'standardisation' })).toMatchObject({
      savedMapping: 'Training log',
    });

    // Someone who may only read cannot delete it.
    const lead = app.ctx.session.userId;
    app.ctx.session.userId = Number(
      app.ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES ('Reader', 'read_only')").run()
        .lastInsertRowid,
    );
    await expect(call('imports:delete-mapping', { id: saved.id })).rejects.toThrow(
      'forbidden: Reader has read-only access and cannot make changes.',
    );
    app.ctx.session.userId = lead;

    expect(await call('imports:delete-mapping', { id: saved.id })).toEqual({ deleted: true });
    expect((await call('imports:list-mappings', {})).map((m) => m.id)).toEqual([kept.id]);
    const audit = app.ctx.sqlite
      .prepare(
        `SELECT actor, actor_user_id AS actorUserId, entity, entity_id AS entityId,
           before_json AS before, after_json AS after
         FROM audit_log WHERE action = 'import.mapping-delete'`,
      )
      .all() as Record<string, unknown>[];
    expect(audit).toEqual([
      {
        actor: 'Priya Shah',
        actorUserId: lead,
        entity: 'import_mapping',
        entityId: String(saved.id),
        before: JSON.stringify(saved),
        after: '{"deleted":true}',
      },
    ]);
    // The same headers are no longer matched to it: the columns are chosen by hand again.
    expect(await call('imports:inspect', { uploadId, kind: 'standardisation' })).toMatchObject({
      savedMapping: null,
      exact: false,
      missingRequired: ['assessor_ref', 'attended'],
    });
    await expect(call('imports:delete-mapping', { id: saved.id })).rejects.toThrow(
      'not_found: That saved mapping no longer exists; it may have been deleted in another window.',
    );
    expect(count(app.ctx, 'import_mappings')).toBe(1);
  });

  it('cancels a running import, writing nothing; one import runs at a time', async () => {
    const uploadId = await upload(bigFile('big.csv', 12_000), 512 * 1024);
    const { jobId } = await call('imports:start', {
      uploadId,
      kind: 'decisions',
      mode: 'commit',
      allOrNothing: false,
    });
    await expect(
      call('imports:start', { uploadId, kind: 'decisions', mode: 'preview', allOrNothing: false }),
    ).rejects.toThrow(/Another import is running/);
    for (;;) {
      const job = await call('imports:job-status', { jobId });
      if (job.rowsDone > 0 || job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await call('imports:cancel', { jobId });
    const job = await settle(jobId);
    expect(job).toMatchObject({
      state: 'cancelled',
      error: 'Cancelled: nothing was written.',
      result: null,
    });
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
    expect(app.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('finds the running import again from a fresh query, and nothing once it has finished', async () => {
    expect(await call('imports:running-job', {})).toBeNull();
    const uploadId = await upload(bigFile('reload.csv', 2_000), 512 * 1024);
    const { jobId } = await call('imports:start', {
      uploadId,
      kind: 'decisions',
      mode: 'preview',
      allOrNothing: true,
    });
    // A reloaded page knows nothing but the channel: it asks, and gets the job and its request.
    const found = await call('imports:running-job', {});
    expect(found).toMatchObject({
      job: { jobId, mode: 'preview', state: 'running', result: null },
      request: {
        uploadId,
        fileName: 'reload.csv',
        kind: 'decisions',
        allOrNothing: true,
        sheet: null,
        mapping: null,
        mappingName: null,
      },
    });
    expect(found?.job.bytesTotal).toBe(fs.statSync(path.join(app.dir, 'reload.csv')).size);
    for (;;) {
      const again = await call('imports:running-job', {});
      if (!again || again.job.rowsDone > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const done = await settle(jobId);
    expect(done).toMatchObject({ state: 'done', rowsDone: 6_000 });
    expect(await call('imports:running-job', {})).toBeNull();
    // The channel takes no arguments.
    const strict = (await dispatch(app.ctx, 'imports:running-job', {
      jobId,
    } as never)) as ApiResult<unknown>;
    expect(strict.ok).toBe(false);
  });

  it('offers each template as CSV and as an Excel workbook', async () => {
    const csv = await call('imports:template', { kind: 'moderation', format: 'csv' });
    expect(csv.fileName).toBe('iqa-moderation-template.csv');
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toBe(
      '\uFEFFdecision_ref,moderator,moderation_date,activity,moderated_grade,feedback\r\n',
    );
    const xlsx = await call('imports:template', { kind: 'decisions', format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe('Assessor decisions');
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(header('decisions'));
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(sheet.getColumn(15).numFmt).toBe('dd/mm/yyyy');
    expect(book.worksheets[1]?.getRow(2).values).toEqual([
      undefined,
      'decision_ref',
      'no',
      "The source system's id; the key for re-imports.",
      'EPA-2026-00017-O-1',
    ]);
  });
});

describe('the worker’s commit', () => {
  it('answers once committed, then leaves the rows in the database file itself', async () => {
    const file = bigFile('wal.csv', 400);
    const handle = runWorker(commitTask(file));
    const outcome = await handle.done;
    expect(outcome).toMatchObject({ state: 'done', result: { committed: true } });
    await handle.exited;
    // The file alone, without its write-ahead log: what a backup copy of it would hold.
    const copy = path.join(app.dir, 'copy.sqlite');
    fs.copyFileSync(app.ctx.store.path, copy);
    const db = new Database(copy, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(1200);
    } finally {
      db.close();
    }
  });
});

describe('cancelling the worker', () => {
  it('is honoured after the last row too, while the worker is busy finishing, and writes nothing', async () => {
    // 51,000 rows: a bulk load, whose indexes are rebuilt after the last row in one busy stretch.
    const file = bigFile('finish.csv', 17_000);
    const steps: string[] = [];
    const handle = runWorker(commitTask(file), {
      onProgress: (p) => {
        if (p.finishing === undefined) return;
        steps.push(p.finishing);
        if (p.finishing.includes('(1 of 9)')) handle.cancel();
      },
    });
    expect(await handle.done).toEqual({ state: 'cancelled' });
    expect(steps).not.toContain('Saving');
    await handle.exited;
    expect(app.ctx.sqlite.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(0);
    expect(app.ctx.sqlite.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0);
  });

  it('is refused once the commit is saving: the import commits and says so', async () => {
    const file = bigFile('saving.csv', 400);
    const asked: { taken: boolean; saving: boolean }[] = [];
    const handle = runWorker(commitTask(file), {
      onProgress: (p) => {
        if (p.finishing === 'Saving')
          asked.push({ taken: handle.cancel(), saving: handle.saving() });
      },
    });
    expect(await handle.done).toMatchObject({ state: 'done', result: { committed: true } });
    expect(asked).toEqual([{ taken: false, saving: true }]);
    await handle.exited;
    expect(count(app.ctx, 'decisions')).toBe(1200);
    expect(count(app.ctx, 'import_batches')).toBe(1);
  });
});

describe('the worker’s temporary files', () => {
  // exceljs unzips a sheet stored before its shared strings (as Excel stores it) into a
  // temporary file, and removes it only once the whole sheet is read: the worker's folder for
  // them must go when the worker does, or each inspected or cancelled workbook leaves its sheet.
  const temp = process.env.TMPDIR;
  let folder = '';
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(app.dir, 'temp-'));
    process.env.TMPDIR = folder;
  });
  afterEach(() => {
    if (temp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = temp;
  });

  const isPid = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as { code?: string }).code === 'EPERM';
    }
  };

  /** What is left in the folder (tsx, which runs the worker's TypeScript here, keeps a cache). */
  const left = (): string[] => fs.readdirSync(folder).filter((f) => !f.startsWith('tsx-'));

  async function workbook(epas: number): Promise<string> {
    const rows: Cell[][] = [header('decisions')];
    for (let n = 1; n <= epas; n++) rows.push(...epaRows(n));
    return writeXlsx(path.join(app.dir, `w${epas}.xlsx`), [{ name: 'Decisions', rows }]);
  }

  /** Inspects a file in a worker, as the Imports page does first, until the worker has gone. */
  async function inspected(file: string): Promise<WorkerOutcome> {
    const handle = runWorker({
      connection: connectionFor(app.ctx),
      task: { type: 'inspect', file, fileName: path.basename(file) },
    });
    const outcome = await handle.done;
    await handle.exited;
    return outcome;
  }

  it('are gone once a workbook has been inspected, cancelled part-way or imported', async () => {
    const small = await workbook(10);
    expect(await inspected(small)).toMatchObject({ state: 'done' });
    expect(left()).toEqual([]);

    const large = await workbook(3000);
    const cancelled = runWorker(commitTask(large), {
      onProgress: (p) => {
        if (p.rowsDone > 0) cancelled.cancel();
      },
    });
    expect(await cancelled.done).toEqual({ state: 'cancelled' });
    await cancelled.exited;
    expect(left()).toEqual([]);

    const imported = runWorker(commitTask(small));
    expect(await imported.done).toMatchObject({ state: 'done', result: { committed: true } });
    await imported.exited;
    expect(left()).toEqual([]);
    expect(count(app.ctx, 'decisions')).toBe(30);
  });

  it('left by an app that is no longer running are removed; a running one’s are kept', async () => {
    // A process that has exited: what an app killed mid-import leaves is named after it.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const running = process.ppid;
    for (const [pid, suffix] of [
      [gone, 'a1b2c3'],
      [running, 'd4e5f6'],
    ] as const) {
      fs.mkdirSync(path.join(folder, `iqa-import-${pid}-${suffix}`));
      fs.writeFileSync(path.join(folder, `iqa-import-${pid}-${suffix}`, 'tmp-1-sheet'), 'x');
    }
    expect(await inspected(await workbook(2))).toMatchObject({ state: 'done' });
    expect(left()).toEqual([`iqa-import-${running}-d4e5f6`]);
  });

  it('are told from other folders of the same prefix by their exact shape, so no other is swept', async () => {
    // mkdtemp with the prefix alone gives six random characters, sometimes all digits: read as
    // a pid, they may be one that is not running. Neither that nor a name with more after the
    // worker's shape is a worker's folder.
    let dead = 99_999;
    while (dead > 1 && isPid(dead)) dead--;
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const others = [
      `iqa-import-${String(dead).padStart(6, '0')}`,
      `iqa-import-${gone}-a1b2c3-copy`,
      `iqa-import-${gone}`,
    ];
    for (const name of [...others, `iqa-import-${gone}-a1b2c3`]) {
      fs.mkdirSync(path.join(folder, name));
    }
    expect(await inspected(await workbook(2))).toMatchObject({ state: 'done' });
    expect(left().sort()).toEqual([...others].sort());
  });
});

describe('the worker’s limits', () => {
  it('stops a worker that goes quiet, and reports it in words', async () => {
    const file = writeCsv(path.join(app.dir, 'q.csv'), [header('decisions'), ...epaRows(1)]);
    const handle = runWorker(
      { connection: connectionFor(app.ctx), task: { type: 'inspect', file, fileName: 'q.csv' } },
      { silenceLimitMs: 1 },
    );
    expect(await handle.done).toEqual({
      state: 'failed',
      kind: 'refused',
      message:
        'Reading the file stopped responding for 0 seconds, so it was stopped and nothing was imported. Save it again as CSV and retry.',
    });
  });

  it('stops a worker that needs more memory than allowed', async () => {
    const file = await writeXlsx(path.join(app.dir, 'm.xlsx'), [
      { name: 'Data', rows: [header('decisions'), ...epaRows(1)] },
    ]);
    const handle = runWorker(
      { connection: connectionFor(app.ctx), task: { type: 'inspect', file, fileName: 'm.xlsx' } },
      { maxHeapMb: 4 },
    );
    const outcome = await handle.done;
    expect(outcome).toMatchObject({ state: 'failed', kind: 'refused' });
    expect(outcome.state === 'failed' && outcome.message).toMatch(
      /needs more memory than an import may use/,
    );
  });
});
