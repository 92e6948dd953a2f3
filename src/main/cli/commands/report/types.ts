import type { CliCommand } from '../../types';

/** One report under `report`: the same shape as a command, named by its first positional. */
export type ReportSubcommand = Pick<CliCommand, 'name' | 'summary' | 'usage' | 'run'> & {
  options: NonNullable<CliCommand['options']>;
};
