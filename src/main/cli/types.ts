import type { AppContext } from '../core/context';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Options this command accepts beyond the global --db, --json, --by and --help. */
  options?: Record<string, { type: 'string' | 'boolean'; description: string }>;
  run(
    ctx: AppContext,
    args: {
      positionals: string[];
      values: Record<string, string | boolean | undefined>;
      json: boolean;
    },
    io: CliIo,
  ): Promise<number> | number;
}

/** A usage mistake: printed with the command's usage and exit status 2. */
export class UsageError extends Error {}
