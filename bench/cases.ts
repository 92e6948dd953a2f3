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
import { generateSamplingPlan, publishPlan } from '../src/main/sampling/plans';
import { listQueue } from '../src/main/moderation/queue';
import { loadPlanData, PERIOD } from './plan-data';

type Case = (args: string[]) => Promise<Record<string, unknown>>;

const cases: Record<string, Case> = {
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
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
