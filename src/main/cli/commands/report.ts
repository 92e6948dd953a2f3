/**
 * `report <name>`: one command, a subcommand per report, each in report/<name>.ts. Adding a
 * report is one import and one entry in REPORTS; its options join the command's.
 */
import type { CliCommand } from '../types';
import { UsageError } from '../types';
import { consistencyReport } from './report/consistency';
import { standardisationReportCommand } from './report/standardisation';
import type { ReportSubcommand } from './report/types';

export type { ReportSubcommand } from './report/types';

export const REPORTS: ReportSubcommand[] = [consistencyReport, standardisationReportCommand];

function names(): string {
  return REPORTS.map((r) => r.name).join('|');
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: `Reports: ${REPORTS.map((r) => `${r.name} (${r.summary.charAt(0).toLowerCase()}${r.summary.slice(1)})`).join('; ')}`,
  usage: [`report <${names()}> [options]`, ...REPORTS.map((r) => `  ${r.usage}`)].join('\n'),
  options: Object.assign({}, ...REPORTS.map((r) => r.options ?? {})) as CliCommand['options'],
  run(ctx, args, io) {
    const [name, ...rest] = args.positionals;
    const report = REPORTS.find((r) => r.name === name);
    if (!report)
      throw new UsageError(
        name
          ? `There is no report called "${name}". Reports: ${names()}.`
          : `Name a report: ${names()}.`,
      );
    return report.run(ctx, { ...args, positionals: rest }, io);
  },
};
