/**
 * `report standardisation --at DATE [--json]`: each active assessor's standardisation status on a
 * date. Published interface: the JSON is an array of
 * { assessor_ref, status, last_attended, due_by } with status one of compliant, due_soon,
 * overdue, never_attended; keep the keys stable.
 */
import { COMPLIANCE_LABELS } from '@shared/standardisation';
import { complianceForCli } from '../../../standardisation/compliance';
import { currentPolicy } from '../../../standardisation/policy';
import { UsageError } from '../../types';
import type { ReportSubcommand } from './types';

function realDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export const standardisationReportCommand: ReportSubcommand = {
  name: 'standardisation',
  summary: 'Each active assessor’s standardisation status on a date',
  usage: 'report standardisation --at YYYY-MM-DD [--json]',
  options: {
    at: { type: 'string', description: 'the date to judge compliance on (YYYY-MM-DD)' },
  },
  run(ctx, { positionals, values, json }, io) {
    if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals.join(' ')}".`);
    const at = values.at;
    if (typeof at !== 'string') throw new UsageError('Give the date with --at YYYY-MM-DD.');
    if (!realDate(at)) throw new UsageError(`"${at}" is not a date; use YYYY-MM-DD.`);
    const rows = complianceForCli(ctx, at);
    if (json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    const policy = currentPolicy(ctx);
    io.out(
      `Standardisation on ${at}: at least once every ${policy.windowMonths} months on each standard version; due soon within ${policy.dueSoonDays} days.`,
    );
    if (rows.length === 0) {
      io.out('No active assessors on that date.');
      return 0;
    }
    const width = Math.max(8, ...rows.map((r) => r.assessor_ref.length));
    io.out(
      `${'Assessor'.padEnd(width)}  ${'Status'.padEnd(14)}  ${'Last attended'.padEnd(13)}  Due by`,
    );
    for (const r of rows)
      io.out(
        `${r.assessor_ref.padEnd(width)}  ${COMPLIANCE_LABELS[r.status].padEnd(14)}  ${(r.last_attended ?? '—').padEnd(13)}  ${r.due_by ?? '—'}`,
      );
    return 0;
  },
};
