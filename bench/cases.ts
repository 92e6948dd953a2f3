/**
 * One benchmark case per process, so peak memory (maxRSS) belongs to that case alone. Prints a
 * single JSON line. Run through bench/run.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrap } from '../src/main/core/bootstrap';
import { loadDemoData } from '../src/main/demo/generate';

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
