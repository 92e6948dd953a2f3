import { writeDemoDecisionsCsv } from '../../demo/csv';
import { loadDemoData } from '../../demo/generate';
import { type CliCommand, UsageError } from '../types';

function positiveInt(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 0) {
    throw new UsageError(`--${name} must be a whole number, not "${String(value)}"`);
  }
  return n;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Fill an empty database with realistic synthetic data',
  usage: 'demo [--epas N] [--seed N] [--csv FILE] [--db PATH] [--json]',
  options: {
    epas: { type: 'string', description: 'number of end-point assessments (default 2000)' },
    seed: { type: 'string', description: 'seed for the generator (same seed, same data)' },
    csv: {
      type: 'string',
      description: 'write the decisions as the canonical import CSV instead (database untouched)',
    },
  },
  async run(ctx, { values, json }, io) {
    const epas = positiveInt(values.epas, 'epas', 2000);
    if (epas < 1 || epas > 1_000_000) throw new UsageError('--epas must be between 1 and 1000000');
    const seed = values.seed === undefined ? undefined : positiveInt(values.seed, 'seed', 0);
    if (typeof values.csv === 'string') {
      const written = await writeDemoDecisionsCsv(values.csv, { epas, seed });
      io.out(
        json
          ? JSON.stringify({ file: values.csv, ...written }, null, 2)
          : `Wrote ${written.rows.toLocaleString('en-GB')} decisions from ${epas.toLocaleString('en-GB')} EPAs to ${values.csv} in ${written.seconds.toFixed(1)} s.`,
      );
      return 0;
    }
    const result = loadDemoData(ctx, {
      epas,
      seed,
      onProgress: json
        ? undefined
        : (done, total) => {
            if (done < total)
              io.err(`  ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} EPAs`);
          },
    });
    io.out(
      json
        ? JSON.stringify(result, null, 2)
        : `Loaded ${result.epas.toLocaleString('en-GB')} EPAs with ${result.decisions.toLocaleString('en-GB')} method decisions by ${result.assessors} assessors (${result.flags} compliance flags) in ${result.seconds.toFixed(1)} s.`,
    );
    return 0;
  },
};
