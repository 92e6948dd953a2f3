/**
 * `report <name>`: printed reports. Each report lives in report/<name>.ts and is listed here, so
 * new reports add one import and one entry; the options are the union of the reports' own.
 */
import { type CliCommand, UsageError } from '../types';
import { consistencyReport } from './report/consistency';
import type { ReportSubcommand } from './report/types';

const REPORTS: ReportSubcommand[] = [consistencyReport];

export const reportCommand: CliCommand = {
  name: 'report',
  summary: `Print a report: ${REPORTS.map((r) => r.name).join(', ')}`,
  usage: REPORTS.map((r) => `report ${r.usage}`).join('\n       npm run iqa -- '),
  options: Object.assign({}, ...REPORTS.map((r) => r.options)) as CliCommand['options'],
  run(ctx, args, io) {
    const [name, ...rest] = args.positionals;
    const report = REPORTS.find((r) => r.name === name);
    if (!report) {
      throw new UsageError(
        name
          ? `Unknown report "${name}". Reports: ${REPORTS.map((r) => r.name).join(', ')}.`
          : `Name a report: ${REPORTS.map((r) => r.name).join(', ')}.`,
      );
    }
    return report.run(ctx, { ...args, positionals: rest }, io);
  },
};
