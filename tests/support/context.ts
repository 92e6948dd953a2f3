/**
 * A real database for each test: a fresh folder, the production migrations, the built-in
 * standards. Nothing is mocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from '../../src/main/core/bootstrap';
import type { AppContext } from '../../src/main/core/context';
import type { ParsedInputOf } from '../../src/shared/contract';
import { loadDemoData, type DemoOptions } from '../../src/main/demo/generate';

export const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

export function tempDir(prefix = 'iqa-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function fixedClock(iso = '2026-11-20T10:00:00.000Z'): () => Date {
  const at = new Date(iso);
  return () => new Date(at);
}

export interface TestApp {
  ctx: AppContext;
  dir: string;
  dbPath: string;
  close(): void;
}

export async function openTestApp(
  options: { clock?: () => Date; dbPath?: string; actor?: string } = {},
): Promise<TestApp> {
  const dir = tempDir();
  const dbPath = options.dbPath ?? path.join(dir, 'iqa.sqlite');
  const ctx = await bootstrap({
    dbPath,
    migrationsFolder: MIGRATIONS,
    clock: options.clock ?? fixedClock(),
    actor: options.actor ?? 'test',
  });
  return {
    ctx,
    dir,
    dbPath,
    close: () => {
      if (ctx.sqlite.open) ctx.store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A test app with an IQA lead signed in and the demo data loaded, as most journeys start. */
export async function openDemoApp(
  demo: DemoOptions,
  options: Parameters<typeof openTestApp>[0] = {},
): Promise<TestApp> {
  const app = await openTestApp(options);
  signInLead(app.ctx);
  loadDemoData(app.ctx, demo);
  return app;
}

/** Signs in a freshly created IQA lead, as the first-run screen does. */
export function signInLead(ctx: AppContext, name = 'Priya Shah'): void {
  const row = ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES (?, 'iqa_lead')").run(name);
  ctx.session.userId = Number(row.lastInsertRowid);
}

/** A standardisation event held in person by Jordan Ellis, without agenda or notes. */
export function inPersonEvent(
  date: string,
  title: string,
  standards: string[],
): ParsedInputOf<'standardisation:save-event'> {
  return {
    date,
    title,
    standards,
    format: 'in_person',
    facilitator: 'Jordan Ellis',
    agenda: null,
    notes: null,
  };
}
