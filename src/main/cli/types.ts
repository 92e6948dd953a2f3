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
  /**
   * Mistakes in the arguments (a UsageError), found before the database is opened: a mistake
   * never creates or migrates one.
   */
  check?(args: CliArgs): void;
  /**
   * Whether this run needs a database that is already there (an import): one that is missing,
   * or is not an IQA Desk database, is refused rather than created or migrated.
   */
  needsDatabase?(args: CliArgs): boolean;
  /** The --json document for a run refused before it began (the database could not be opened). */
  refusalJson?(message: string): string;
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

export interface CliArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** A usage mistake: printed with the command's usage and exit status 2. */
export class UsageError extends Error {}
