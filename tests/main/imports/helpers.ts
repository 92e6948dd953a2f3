import path from 'node:path';
import { afterEach } from 'vitest';
import { openTestApp, type TestApp } from '../../support/context';
import type {
  ApiResult,
  Channel,
  ImportResultDto,
  InputOf,
  OutputOf,
} from '../../../src/shared/contract';
import { dispatch } from '../../../src/main/api/dispatch';
import type { ColumnMapping, ImportKind } from '../../../src/shared/imports';
import type { AppContext } from '../../../src/main/core/context';
import { runImport, type ImportHooks } from '../../../src/main/imports/engine';
import { epaRows, header, writeCsv } from './files';

export interface ImportOptions {
  mode?: 'preview' | 'commit';
  allOrNothing?: boolean;
  sheet?: string;
  mapping?: ColumnMapping;
  mappingName?: string;
}

/** Imports through the engine the worker runs (in-process: the test owns the connection). */
export function importFile(
  ctx: AppContext,
  kind: ImportKind,
  file: string,
  options: ImportOptions = {},
  hooks: ImportHooks = {},
): Promise<ImportResultDto> {
  return runImport(
    ctx,
    {
      kind,
      file,
      fileName: path.basename(file),
      mode: options.mode ?? 'commit',
      allOrNothing: options.allOrNothing ?? false,
      sheet: options.sheet ?? null,
      mapping: options.mapping ?? null,
      mappingName: options.mappingName ?? null,
    },
    hooks,
  );
}

/** Every stored decision with its apprentice, EPA and organisations, in a stable order. */
export function storedDecisions(ctx: AppContext): Record<string, unknown>[] {
  return ctx.sqlite
    .prepare(
      `SELECT d.decision_ref AS ref, p.uln, p.given_name AS given, p.family_name AS family,
         emp.name AS employer, pr.ukprn, pr.name AS provider, st.code || ' v' || v.version AS standard,
         e.gateway_date AS gateway, m.code AS method, d.attempt, a.ref AS assessor,
         d.assessment_date AS date, d.grade, d.duration_minutes AS duration,
         d.questioning_minutes AS questioning, d.word_count AS words, d.evidence_pieces AS evidence,
         d.exceptional_circumstances AS ec, d.status, e.overall_grade AS overall, e.status AS epaStatus
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
       JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
       JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
       ORDER BY p.uln, m.code, d.attempt`,
    )
    .all() as Record<string, unknown>[];
}

export function count(ctx: AppContext, table: string): number {
  return ctx.sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
}

/** The problems of a result as "row column: message" lines, for readable assertions. */
export function problemLines(result: ImportResultDto, severity?: 'error' | 'warning'): string[] {
  return result.problems
    .filter((p) => !severity || p.severity === severity)
    .map((p) => `${p.row} ${p.column}: ${p.message}`);
}

/**
 * The test files' assessors (IA001 Dana Hughes, IA002 Sam Lee, IA003 to IA005), standardised on
 * ST0071 in June 2025, before every assessment the files hold: standardisation's own flags then
 * stay out of tests about the flags an import raises.
 */
export function standardise(s: Pick<AppContext['sqlite'], 'prepare'>): void {
  const event = s
    .prepare(
      `INSERT INTO standardisation_events (event_date, title, standards_json, created_by)
       VALUES ('2025-06-02', 'Summer standardisation', '["ST0071"]', 'test')`,
    )
    .run().lastInsertRowid;
  const names: [string, string][] = [
    ['IA001', 'Dana Hughes'],
    ['IA002', 'Sam Lee'],
    ['IA003', 'Ola Bello'],
    ['IA004', 'Kit Marsh'],
    ['IA005', 'Ravi Iyer'],
  ];
  for (const [ref, name] of names) {
    const id = s
      .prepare('INSERT INTO assessors (ref, name) VALUES (?, ?)')
      .run(ref, name).lastInsertRowid;
    s.prepare(
      "INSERT INTO standardisation_attendance (event_id, assessor_id, attendance) VALUES (?, ?, 'attended')",
    ).run(event, id);
  }
}

/** An IQA user who moderates, the assessor `assessorRef` if given; returns the user's id. */
export function addModerator(ctx: AppContext, name: string, assessorRef?: string): number {
  return Number(
    ctx.sqlite
      .prepare(
        "INSERT INTO users (name, role, assessor_id) VALUES (?, 'moderator', (SELECT id FROM assessors WHERE ref = ?))",
      )
      .run(name, assessorRef ?? null).lastInsertRowid,
  );
}

export function assessorIdOf(ctx: AppContext, ref: string): number {
  return ctx.sqlite.prepare('SELECT id FROM assessors WHERE ref = ?').pluck().get(ref) as number;
}

/** A channel called as the app calls it (validated by the contract), its error thrown. */
export async function callOk<C extends Channel>(
  ctx: AppContext,
  channel: C,
  input: InputOf<C>,
): Promise<OutputOf<C>> {
  const result = (await dispatch(ctx, channel, input)) as ApiResult<OutputOf<C>>;
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/**
 * The decisions moderation history is imported against: EPA 1's observation failed, every other
 * method of EPAs 1 and 2 passed (R1-O-1 ... R2-PD-1), imported into a signed-in, standardised app.
 */
export async function importTwoEpas(ctx: AppContext, dir: string): Promise<void> {
  const decisions = writeCsv(path.join(dir, 'decisions.csv'), [
    header('decisions'),
    ...epaRows(1, [{ grade: 'Fail' }]),
    ...epaRows(2),
  ]);
  const imported = await importFile(ctx, 'decisions', decisions);
  if (imported.counts.new !== 6 || imported.counts.rejected !== 0)
    throw new Error(`set-up import: ${JSON.stringify(imported.counts)}`);
}

/**
 * Test apps for a file's tests, each standardised (see standardise), closed after each test:
 * `const newApp = standardisedApps();` at the top of the file.
 */
export function standardisedApps(): () => Promise<TestApp> {
  const apps: TestApp[] = [];
  afterEach(() => {
    for (const app of apps.splice(0)) app.close();
  });
  return async () => {
    const app = await openTestApp();
    apps.push(app);
    standardise(app.ctx.sqlite);
    return app;
  };
}

/** The highest process id below 100,000 that no running process has, for stale-folder tests. */
export function deadPid(): number {
  let pid = 99_999;
  for (; pid > 1; pid--) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as { code?: string }).code === 'ESRCH') break;
    }
  }
  return pid;
}

/** Everything an import may touch (the registers too), but its own batch records and the audit log. */
export function importedTables(
  sqlite: AppContext['sqlite'],
  tables = [
    'apprentices',
    'employers',
    'providers',
    'assessors',
    'epas',
    'decisions',
    'compliance_flags',
    'moderation_records',
    'notifications',
    'conflicts',
    'standardisation_events',
    'standardisation_attendance',
  ],
): Record<string, unknown[]> {
  return Object.fromEntries(
    tables.map((t) => [t, sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]),
  );
}
