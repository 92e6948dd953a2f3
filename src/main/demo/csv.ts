/**
 * The demo generator's decisions as the canonical decisions CSV, for benchmarks and for trying
 * imports: generated into a scratch database (history off: it only needs the decisions) and
 * streamed out in the template's column order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { templateColumns } from '@shared/imports';
import { bootstrap } from '../core/bootstrap';
import { neutraliseCell } from '@shared/csv';
import { loadDemoData } from './generate';

export interface DemoCsvResult {
  rows: number;
  bytes: number;
  seconds: number;
}

export async function writeDemoDecisionsCsv(
  file: string,
  options: {
    epas: number;
    seed?: number;
    onProgress?: (done: number, total: number) => void;
    /** The generator dates everything back from today; tests pass a fixed one. */
    clock?: () => Date;
  },
): Promise<DemoCsvResult> {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-demo-csv-'));
  const ctx = await bootstrap({
    dbPath: path.join(dir, 'demo.sqlite'),
    actor: 'demo',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const fd = fs.openSync(file, 'w');
  try {
    loadDemoData(ctx, {
      epas: options.epas,
      seed: options.seed,
      history: false,
      onProgress: options.onProgress,
    });
    const rows = ctx.sqlite
      .prepare(
        `SELECT d.decision_ref, p.uln, p.given_name, p.family_name, emp.name, pr.ukprn, pr.name, st.code,
           v.version, e.gateway_date, m.code, d.attempt, a.ref, a.name, d.assessment_date, d.grade,
           d.duration_minutes, d.questioning_minutes, d.word_count, d.evidence_pieces,
           CASE WHEN d.exceptional_circumstances THEN 'yes' ELSE 'no' END
         FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
         LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
         JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
         JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
         ORDER BY d.id`,
      )
      .raw(true)
      .iterate() as IterableIterator<(string | number | null)[]>;
    let count = 0;
    let bytes = 0;
    let buffer: string[] = [
      templateColumns('decisions')
        .map((c) => c.name)
        .join(','),
    ];
    const flush = (): void => {
      const text = `${buffer.join('\n')}\n`;
      bytes += fs.writeSync(fd, text);
      buffer = [];
    };
    for (const row of rows) {
      buffer.push(row.map((v) => (v === null ? '' : neutraliseCell(v))).join(','));
      count++;
      if (buffer.length >= 10_000) flush();
    }
    flush();
    return { rows: count, bytes, seconds: (performance.now() - started) / 1000 };
  } finally {
    fs.closeSync(fd);
    ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
