/**
 * One benchmark case per process, so peak memory (maxRSS) belongs to that case alone. Prints a
 * single JSON line. Run through bench/run.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrap } from '../src/main/core/bootstrap';
import { loadDemoData } from '../src/main/demo/generate';
import { listAppeals, logAppeal } from '../src/main/appeals/service';
import { exportRegister } from '../src/main/appeals/export';
import { registerRows } from '../src/main/assessors/register';
import { complianceView } from '../src/main/standardisation/compliance';
import { recomputeFlags } from '../src/main/standardisation/flags';
import { standardisationReport } from '../src/main/standardisation/report';
import { exportReport } from '../src/main/standardisation/report-export';
import { analyticsCase, cachedDatabase } from './analytics';
import { generateSamplingPlan, publishPlan } from '../src/main/sampling/plans';
import { listQueue } from '../src/main/moderation/queue';
import { loadPlanData, PERIOD } from './plan-data';
import { execFileSync } from 'node:child_process';
import { writeDemoDecisionsCsv } from '../src/main/demo/csv';
import type { ImportResultDto } from '../src/shared/contract';
import type { ImportKind } from '../src/shared/imports';
import { importInput, runWorker } from '../src/main/imports/runner';
import type { ImportProgress } from '../src/main/imports/engine';
import { createRequire } from 'node:module';
import type { AppContext } from '../src/main/core/context';

type Case = (args: string[]) => Promise<Record<string, unknown>>;

const cases: Record<string, Case> = {
  /** Every dashboard query at N decisions (built once per size, cached; see bench/analytics.ts). */
  analytics: ([decisions]) => analyticsCase(decisions),
  async 'db-create'() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
    const started = performance.now();
    const ctx = await bootstrap({ dbPath: path.join(dir, 'b.sqlite'), actor: 'bench' });
    const ms = performance.now() - started;
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return { ms: Math.round(ms * 10) / 10 };
  },
  async demo([epasArg]) {
    const epas = Number(epasArg);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
    const dbPath = path.join(dir, 'b.sqlite');
    const ctx = await bootstrap({ dbPath, actor: 'bench' });
    const started = performance.now();
    const result = loadDemoData(ctx, { epas, seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    const rows = result.decisions + result.epas + result.apprentices + result.flags;
    ctx.store.close();
    const bytes = fs.statSync(dbPath).size;
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      epas,
      decisions: result.decisions,
      rows_written: rows,
      seconds: Math.round(seconds * 100) / 100,
      epas_per_second: Math.round(epas / seconds),
      rows_per_second: Math.round(rows / seconds),
      database_mb: Math.round(bytes / 1e5) / 10,
    };
  },
  /** The appeals register: open list (deadlines for each row) and a year's CSV and PDF export. */
  async appeals([appealsArg]) {
    const n = Number(appealsArg);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
    const ctx = await bootstrap({ dbPath: path.join(dir, 'b.sqlite'), actor: 'bench' });
    loadDemoData(ctx, { epas: Math.max(2000, n * 2), seed: 1 });
    ctx.session.userId = Number(
      ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES ('Bench Lead', 'iqa_lead')").run()
        .lastInsertRowid,
    );
    const epas = ctx.sqlite
      .prepare("SELECT id FROM epas WHERE status = 'confirmed' ORDER BY id LIMIT ?")
      .pluck()
      .all(n) as number[];
    const today = ctx.clock().toISOString().slice(0, 10);
    const logStarted = performance.now();
    for (const epaId of epas) {
      logAppeal(ctx, {
        epaId,
        kind: 'appeal',
        type: 'result',
        appellantKind: 'apprentice',
        appellantName: 'Bench',
        authorisations: [],
        receivedDate: today,
        grounds: ['criteria_misapplied'],
        description: 'bench',
        decisionIds: [],
      });
    }
    const logMs = (performance.now() - logStarted) / epas.length;
    const time = async (f: () => unknown): Promise<number> => {
      const t = performance.now();
      await f();
      return Math.round((performance.now() - t) * 10) / 10;
    };
    const listMs = await time(() => listAppeals(ctx, { openOnly: true }));
    const year = Number(today.slice(0, 4));
    const csvMs = await time(() => exportRegister(ctx, { year, format: 'csv' }));
    const pdfMs = await time(() => exportRegister(ctx, { year, format: 'pdf' }));
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      appeals: epas.length,
      log_ms_each: Math.round(logMs * 100) / 100,
      list_open_ms: listMs,
      export_csv_ms: csvMs,
      export_pdf_ms: pdfMs,
    };
  },
  /**
   * Standardisation over a register's decisions: recomputing every flag (a policy change), the
   * compliance view, the register and the annual report with its PDF.
   */
  async standardisation([epasArg]) {
    const epas = Number(epasArg);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
    const ctx = await bootstrap({ dbPath: path.join(dir, 'b.sqlite'), actor: 'bench' });
    const demo = loadDemoData(ctx, { epas, seed: 1, history: false });
    const time = async (f: () => unknown): Promise<number> => {
      const t = performance.now();
      await f();
      return Math.round((performance.now() - t) * 10) / 10;
    };
    const recomputeMs = await time(() =>
      ctx.sqlite.transaction(() => recomputeFlags(ctx, { all: true })).immediate(),
    );
    const year = Number(ctx.clock().toISOString().slice(0, 4));
    const figures = {
      decisions: demo.decisions,
      recompute_all_flags_ms: recomputeMs,
      compliance_view_ms: await time(() => complianceView(ctx, {})),
      register_ms: await time(() => registerRows(ctx)),
      report_ms: await time(() => standardisationReport(ctx, { standard: 'ST0071', year })),
      report_pdf_ms: await time(() =>
        exportReport(ctx, { standard: 'ST0071', year, format: 'pdf' }),
      ),
    };
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return figures;
  },
  /** Generating a sampling plan with N held decisions in scope: read, draw and store. */
  async plan([decisionsArg]) {
    const n = Number(decisionsArg);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
    const ctx = await bootstrap({ dbPath: path.join(dir, 'b.sqlite'), actor: 'bench' });
    const loadStarted = performance.now();
    const { assessors } = loadPlanData(ctx, n);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const plan = generateSamplingPlan(ctx, { ...PERIOD, standards: ['ST0071'], seed: 7 });
    const ms = performance.now() - started;
    // CPU time as well as wall time: on a shared machine the wall clock also measures the others.
    const used = process.cpuUsage(cpu);
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      decisions_in_scope: plan.totals.decisions,
      assessors,
      sampled: plan.totals.sampled,
      generate_ms: Math.round(ms),
      generate_cpu_ms: Math.round((used.user + used.system) / 1000),
      load_seconds: Math.round(loadSeconds * 10) / 10,
    };
  },
  /** The moderation queue with N items: a page of 200 at the top, the middle and the end. */
  async queue([itemsArg]) {
    const items = Number(itemsArg);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
    const ctx = await bootstrap({ dbPath: path.join(dir, 'b.sqlite'), actor: 'bench' });
    loadPlanData(ctx, items * 2);
    ctx.session.userId = Number(
      ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES ('Bench Lead', 'iqa_lead')").run()
        .lastInsertRowid,
    );
    const plan = generateSamplingPlan(ctx, {
      ...PERIOD,
      standards: ['ST0071'],
      seed: 3,
      params: { floorRate: 0.5 },
    });
    const publishStarted = performance.now();
    publishPlan(ctx, plan.id);
    const publishMs = performance.now() - publishStarted;
    const page = (filter: Record<string, unknown>, by: string, at: 'top' | 'middle' | 'end') => {
      const total = listQueue(ctx, {
        filter: { status: 'to_do', ...filter },
        sort: { by, dir: 'asc' },
        offset: 0,
        limit: 1,
      }).total;
      const offset = at === 'top' ? 0 : at === 'middle' ? Math.floor(total / 2) : total - 200;
      const t = performance.now();
      listQueue(ctx, {
        filter: { status: 'to_do', ...filter },
        sort: { by, dir: 'asc' },
        offset,
        limit: 200,
      });
      return Math.round((performance.now() - t) * 10) / 10;
    };
    const figures = {
      queue_items: plan.totals.sampled,
      publish_ms: Math.round(publishMs),
      page_by_date_top_ms: page({}, 'date', 'top'),
      page_by_date_middle_ms: page({}, 'date', 'middle'),
      page_by_date_end_ms: page({}, 'date', 'end'),
      page_by_due_end_ms: page({}, 'due', 'end'),
      page_by_assessor_end_ms: page({}, 'assessor', 'end'),
      page_unassigned_end_ms: page({ moderator: 'unassigned' }, 'date', 'end'),
      page_by_reason_end_ms: page({ reason: 'floor' }, 'date', 'end'),
    };
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return figures;
  },
};

/** Decisions per demo EPA, near enough to size the file; the real count is reported. */
const DECISIONS_PER_EPA = 3.13;

/** Runs another case of this file in a process of its own, returning the JSON line it prints. */
function caseProcess(args: string[]): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    [
      path.resolve('node_modules/tsx/dist/cli.mjs'),
      '--tsconfig',
      'tsconfig.node.json',
      'bench/cases.ts',
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/** The demo generator's canonical CSV, generated once per size (in its own process) and reused. */
function demoCsv(rows: number): string {
  const epas = Math.round(rows / DECISIONS_PER_EPA);
  const dir = path.join(os.tmpdir(), 'iqa-bench-cache');
  const file = path.join(dir, `decisions-${epas}-seed1.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    caseProcess(['demo-csv', String(epas), `${file}.part`]);
    fs.renameSync(`${file}.part`, file);
  }
  return file;
}

function seconds(from: number): number {
  return Math.round((performance.now() - from) / 10) / 100;
}

cases['demo-csv'] = async ([epas, file]) => {
  const result = await writeDemoDecisionsCsv(file as string, { epas: Number(epas), seed: 1 });
  return { ...result };
};

/**
 * The register an EPAO has before its decisions arrive: the file's assessors, standardised on
 * every standard every six months from before their first assessment. Without it every row of
 * the benchmark would carry a "never standardised" flag, which no real import does.
 */
function standardiseAssessorsOf(ctx: AppContext, csv: string): number {
  // Read by a process of its own: what parsing the whole file leaves behind would otherwise
  // count in the import's peak RSS.
  const script = `const Papa = require(process.argv[1]);
    const assessors = new Map();
    let first = '9999-12-31';
    Papa.parse(require('node:fs').createReadStream(process.argv[2]), {
      header: true,
      skipEmptyLines: true,
      step: ({ data }) => {
        if (data.assessor_ref && !assessors.has(data.assessor_ref))
          assessors.set(data.assessor_ref, data.assessor_name || data.assessor_ref);
        if (data.assessment_date && data.assessment_date < first) first = data.assessment_date;
      },
      complete: () => process.stdout.write(JSON.stringify({ assessors: [...assessors], first })),
    });`;
  const papa = createRequire(import.meta.url).resolve('papaparse');
  const { assessors, first } = JSON.parse(
    execFileSync(process.execPath, ['-e', script, papa, csv], { encoding: 'utf8' }),
  ) as { assessors: [string, string][]; first: string };
  const s = ctx.sqlite;
  const standards = JSON.stringify(s.prepare('SELECT code FROM standards').pluck().all());
  s.transaction(() => {
    const ids = [...assessors].map(([ref, name]) =>
      Number(
        s.prepare('INSERT INTO assessors (ref, name) VALUES (?, ?)').run(ref, name).lastInsertRowid,
      ),
    );
    const event = s.prepare(
      `INSERT INTO standardisation_events (event_date, title, standards_json, created_by)
       VALUES (?, 'Standardisation', ?, 'bench')`,
    );
    const attend = s.prepare(
      "INSERT INTO standardisation_attendance (event_id, assessor_id, attendance) VALUES (?, ?, 'attended')",
    );
    const today = ctx.clock().toISOString().slice(0, 10);
    const day = new Date(`${first}T00:00:00Z`);
    day.setUTCMonth(day.getUTCMonth() - 1);
    for (; day.toISOString().slice(0, 10) <= today; day.setUTCMonth(day.getUTCMonth() + 6)) {
      const id = event.run(day.toISOString().slice(0, 10), standards).lastInsertRowid;
      for (const a of ids) attend.run(id, a);
    }
  })();
  return assessors.length;
}

/** The import worker as the app ships it (bench/run.ts builds it first). */
const BUILT_WORKER = path.resolve('out/main/import-worker.js');

/** Runs of the import case: this machine's speed varies by a third from one minute to the next. */
const IMPORT_RUNS = 3;

/** One run of the import case, as its process prints it. */
interface ImportRun {
  seconds: number;
  checkpointed_seconds: number;
  cpu_seconds: number;
  sqlite3_seconds: number;
  rows: number;
  committed: boolean;
  counts: ImportResultDto['counts'];
  flags_by_code: Record<string, number>;
  rss_before_import_mb: number;
  assessors: number;
  peak_rss_mb: number;
  phases: Record<string, number>;
}

/**
 * One run, in a process of its own (so its peak RSS is its own): sqlite3's own `.import --csv`
 * of the file into a bare table, then, straight after, a decisions import of it into a fresh
 * database through the worker as the app ships it (full validation, flags, one transaction).
 */
cases['import-run'] = async ([csv]) => {
  const file = csv as string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
  try {
    const bare = path.join(dir, 'bare.sqlite');
    const started = performance.now();
    execFileSync('/usr/bin/sqlite3', [bare, `.import --csv ${file} decisions`]);
    const sqlite3 = seconds(started);
    return { ...(await timedImport(dir, file, file)), sqlite3_seconds: sqlite3 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * An import of `file` into ctx's database through the worker as the app ships it (built): the
 * seconds until it answers, committed, and until it has also checkpointed and exited.
 */
async function workerImport(ctx: AppContext, kind: ImportKind, file: string) {
  const started = performance.now();
  // Seconds from the start to each step the worker reports after its last row (and to the end).
  const steps: [string, number][] = [['reading the rows', 0]];
  const onProgress = (p: ImportProgress) => {
    const step = p.finishing ?? 'reading the rows';
    if (steps.at(-1)?.[0] !== step) steps.push([step, seconds(started)]);
  };
  const handle = runWorker(
    importInput(ctx, {
      kind,
      file,
      fileName: path.basename(file),
      mode: 'commit',
      allOrNothing: false,
    }),
    { script: BUILT_WORKER, onProgress },
  );
  const outcome = await handle.done;
  const importSeconds = seconds(started);
  const phases = Object.fromEntries(
    steps.map(([step, at], i) => [
      step,
      Math.round(((steps[i + 1]?.[1] ?? importSeconds) - at) * 100) / 100,
    ]),
  );
  // The worker answers once committed, then copies the commit from the WAL into the file.
  await handle.exited;
  const checkpointed = seconds(started);
  if (outcome.state !== 'done') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  return { result: outcome.result as ImportResultDto, importSeconds, checkpointed, phases };
}

/**
 * A decisions import of `file` into a fresh database in `dir`, through the worker as the app
 * ships it (full validation, flags, one transaction), after registering the assessors of `csv`
 * (the same rows as a CSV).
 */
async function timedImport(dir: string, file: string, csv: string) {
  const ctx = await bootstrap({ dbPath: path.join(dir, 'b.sqlite'), actor: 'bench' });
  const assessors = standardiseAssessorsOf(ctx, csv);
  // The process before the import: the benchmark's own code (every module, under tsx).
  const rssBefore = Math.round(process.memoryUsage().rss / 1048576);
  const cpu = process.cpuUsage();
  const { result, importSeconds, checkpointed, phases } = await workerImport(
    ctx,
    'decisions',
    file,
  );
  const used = process.cpuUsage(cpu);
  const flagsByCode = Object.fromEntries(
    ctx.sqlite
      .prepare('SELECT code, count(*) FROM compliance_flags GROUP BY code ORDER BY code')
      .raw(true)
      .all() as [string, number][],
  );
  ctx.store.close();
  return {
    seconds: importSeconds,
    checkpointed_seconds: checkpointed,
    cpu_seconds: Math.round((used.user + used.system) / 1e4) / 100,
    rows: result.rowsRead,
    committed: result.committed,
    counts: result.counts,
    flags_by_code: flagsByCode,
    rss_before_import_mb: rssBefore,
    assessors,
    phases,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * A run case (its arguments) IMPORT_RUNS times, each in a process of its own, importing `file`.
 * Every run must store exactly the same, or the case fails. The figures every import case
 * reports: times are medians, and peak RSS is the highest run's.
 */
function importRuns(runCase: string[], file: string) {
  if (!fs.existsSync(BUILT_WORKER))
    throw new Error(`${BUILT_WORKER} is missing: run npm run build (npm run bench does).`);
  const runs: ImportRun[] = [];
  for (let i = 0; i < IMPORT_RUNS; i++) runs.push(caseProcess(runCase) as unknown as ImportRun);
  const first = runs[0] as ImportRun;
  const stored = (r: ImportRun): string => JSON.stringify([r.counts, r.flags_by_code]);
  if (runs.some((r) => stored(r) !== stored(first)))
    throw new Error('two runs of the same import stored different results');
  const seconds = median(runs.map((r) => r.seconds));
  const summary = {
    rows: first.rows,
    file_mb: Math.round(fs.statSync(file).size / 1e5) / 10,
    committed: first.committed,
    new: first.counts.new,
    rejected: first.counts.rejected,
    flags: first.counts.flags,
    seconds,
    rows_per_second: Math.round(first.rows / seconds),
    cpu_seconds: median(runs.map((r) => r.cpu_seconds)),
    rss_before_import_mb: median(runs.map((r) => r.rss_before_import_mb)),
    // The case's own process only starts the runs: the peak that counts is the worst run's.
    peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)),
  };
  return { runs, first, summary };
}

/**
 * The demo generator's canonical CSV imported IMPORT_RUNS times (see import-run), each run
 * against sqlite3 in the same minute; the ratio is the median of the runs' own ratios.
 */
cases.import = async ([rowsArg]) => {
  const csv = demoCsv(Number(rowsArg));
  const { runs, first, summary } = importRuns(['import-run', csv], csv);
  return {
    assessors_standardised_before: first.assessors,
    flags_by_code: first.flags_by_code,
    ...summary,
    runs: runs.map((r) => ({
      seconds: r.seconds,
      sqlite3_import_seconds: r.sqlite3_seconds,
      ratio_to_sqlite3: Math.round((r.seconds / r.sqlite3_seconds) * 100) / 100,
      cpu_seconds: r.cpu_seconds,
      peak_rss_mb: r.peak_rss_mb,
      phases: r.phases,
    })),
    seconds_until_checkpointed: median(runs.map((r) => r.checkpointed_seconds)),
    sqlite3_import_seconds: median(runs.map((r) => r.sqlite3_seconds)),
    ratio_to_sqlite3:
      Math.round(median(runs.map((r) => r.seconds / r.sqlite3_seconds)) * 100) / 100,
    load_average: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
    worker: path.relative(process.cwd(), BUILT_WORKER),
  };
};

/** The demo CSV of about `rows` rows saved as a workbook, generated once per size and reused. */
function demoXlsx(rows: number): { xlsx: string; csv: string } {
  const csv = demoCsv(rows);
  const xlsx = csv.replace(/\.csv$/, '.xlsx');
  if (!fs.existsSync(xlsx)) {
    caseProcess(['demo-xlsx', csv, `${xlsx}.part`]);
    fs.renameSync(`${xlsx}.part`, xlsx);
  }
  return { xlsx, csv };
}

const NUMBER_COLUMNS = new Set([
  'attempt',
  'duration_minutes',
  'questioning_minutes',
  'word_count',
  'evidence_pieces',
]);
const DATE_COLUMNS = new Set(['gateway_date', 'assessment_date']);

/** As Excel saves a sheet: shared strings, dates as date cells, numbers as numbers. */
cases['demo-xlsx'] = async ([csv, file]) => {
  const { default: Excel } = await import('exceljs');
  const { default: Papa } = await import('papaparse');
  const book = new Excel.stream.xlsx.WorkbookWriter({
    filename: file as string,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = book.addWorksheet('Decisions');
  let columns: string[] | null = null;
  const cell = (column: string, v: string): string | number | Date | null => {
    if (v === '') return null;
    if (DATE_COLUMNS.has(column)) return new Date(`${v}T00:00:00Z`);
    return NUMBER_COLUMNS.has(column) ? Number(v) : v;
  };
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(fs.createReadStream(csv as string), {
      skipEmptyLines: true,
      step: ({ data }) => {
        if (!columns) {
          columns = data;
          sheet.addRow(data).commit();
          return;
        }
        const names = columns;
        const row = sheet.addRow(data.map((v, i) => cell(names[i] as string, v)));
        names.forEach((c, i) => {
          if (DATE_COLUMNS.has(c)) row.getCell(i + 1).numFmt = 'dd/mm/yyyy';
        });
        row.commit();
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  sheet.commit();
  await book.commit();
  return { file_mb: Math.round(fs.statSync(file as string).size / 1e5) / 10 };
};

/** One run of the workbook import, in a process of its own (so its peak RSS is its own). */
cases['import-xlsx-run'] = async ([xlsx, csv]) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
  try {
    return await timedImport(dir, xlsx as string, csv as string);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * The demo rows as an Excel workbook, imported IMPORT_RUNS times: no target in the issue, but
 * workbooks are read very differently from CSV (unzipped, then XML), so they are measured too.
 */
cases['import-xlsx'] = async ([rowsArg]) => {
  const { xlsx, csv } = demoXlsx(Number(rowsArg));
  const { runs, summary } = importRuns(['import-xlsx-run', xlsx, csv], xlsx);
  return {
    ...summary,
    runs: runs.map((r) => ({
      seconds: r.seconds,
      cpu_seconds: r.cpu_seconds,
      peak_rss_mb: r.peak_rss_mb,
    })),
  };
};

/**
 * Moderation history: `rows` moderations of decisions the 100k demo database has not moderated,
 * as an EPAO's earlier records would arrive, imported through the worker as the app ships it
 * into a copy of that database (every row checked, recorded, released and audited).
 */
cases['import-moderation'] = async ([rowsArg]) => {
  const rows = Number(rowsArg);
  const { file: cached } = await cachedDatabase(100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-bench-'));
  try {
    const dbPath = path.join(dir, 'm.sqlite');
    fs.copyFileSync(cached, dbPath);
    const ctx = await bootstrap({ dbPath, actor: 'bench' });
    const csv = path.join(dir, 'moderation.csv');
    const picked = ctx.sqlite
      .prepare(
        `SELECT d.decision_ref, date(d.assessment_date, '+7 days'), d.grade FROM decisions d
         WHERE d.assessment_date <= '2026-11-24'
           AND NOT EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id)
         ORDER BY d.id LIMIT ?`,
      )
      .raw(true)
      .all(rows) as [string, string, string][];
    fs.writeFileSync(
      csv,
      [
        'decision_ref,moderator,moderation_date,activity,moderated_grade',
        ...picked.map(
          ([ref, date, grade]) => `${ref},Kim Ode,${date},documentation review,${grade}`,
        ),
      ].join('\n'),
    );
    const { result, importSeconds } = await workerImport(ctx, 'moderation', csv);
    ctx.store.close();
    return {
      rows: result.rowsRead,
      new: result.counts.new,
      rejected: result.counts.rejected,
      seconds: importSeconds,
      rows_per_second: Math.round(result.rowsRead / importSeconds),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

const [name, ...args] = process.argv.slice(2);
const run = name ? cases[name] : undefined;
if (!run) {
  console.error(`Unknown case ${name}; known: ${Object.keys(cases).join(', ')}`);
  process.exit(2);
}
const figures = await run(args);
console.log(
  JSON.stringify({
    case: [name, ...args].join(' '),
    ...figures,
    // A case that ran its work in processes of its own reports their peak instead.
    peak_rss_mb: figures.peak_rss_mb ?? Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
