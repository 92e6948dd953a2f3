/**
 * The command-line interface: `npm run iqa -- <command> [--db PATH] [--json]`. Commands are a
 * published interface that EPAOs script against: keep names, flags and JSON keys stable.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { bootstrap } from '../core/bootstrap';
import { DomainError } from '../core/errors';
import { notADatabase, openFailure } from './existing-database';
import { resolveDbPath } from '../db/paths';
import { demoCommand } from './commands/demo';
import { initCommand } from './commands/init';
import { moderateCommand } from './commands/moderate';
import { sampleCommand } from './commands/sample';
import { statusCommand } from './commands/status';
import { appealsCommand } from './commands/appeals';
import { reportCommand } from './commands/report';
import { importCommand } from './commands/import';
import { workdaysCommand } from './commands/workdays';
import { activeUserNamed } from '../users/service';
import { type CliCommand, type CliIo, UsageError } from './types';

export const COMMANDS: CliCommand[] = [
  initCommand,
  demoCommand,
  statusCommand,
  sampleCommand,
  moderateCommand,
  appealsCommand,
  importCommand,
  reportCommand,
  workdaysCommand,
];

const GLOBAL_OPTIONS = {
  db: { type: 'string', description: 'database file (default: $IQA_DB or the app data folder)' },
  json: { type: 'boolean', description: 'print machine-readable JSON' },
  by: {
    type: 'string',
    description:
      'your name, recorded in the audit log (default: OS user); an app user of that name is linked',
  },
  help: { type: 'boolean', description: 'show help' },
} as const;

function helpText(command?: CliCommand): string {
  if (command) {
    const lines = [`Usage: npm run iqa -- ${command.usage}`, '', command.summary, ''];
    for (const [name, o] of Object.entries({ ...(command.options ?? {}), ...GLOBAL_OPTIONS })) {
      lines.push(`  --${name.padEnd(10)} ${o.description}`);
    }
    return lines.join('\n');
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'IQA Desk command line',
    '',
    'Usage: npm run iqa -- <command> [options]',
    '',
    'Commands:',
    `  ${'help'.padEnd(width)}  Show this help, or help for one command: help <command>`,
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...Object.entries(GLOBAL_OPTIONS).map(([n, o]) => `  --${n.padEnd(6)} ${o.description}`),
  ].join('\n');
}

/**
 * Node's words for an option mistyped ("Option '--mapping' argument is ambiguous. Did you
 * forget to specify the option argument...") read as a programmer's; these say what was wrong.
 */
function optionMistake(command: CliCommand, args: string[], error: Error): string {
  const code = (error as { code?: string }).code;
  const flag = /option '(--?[\w-]+)/i.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    return `${flag} is not an option of ${command.name}. Its options are listed below.`;
  }
  const name = flag?.replace(/^--?/, '');
  const option = name ? { ...GLOBAL_OPTIONS, ...(command.options ?? {}) }[name] : undefined;
  if (code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || !name || !option) return error.message;
  const value = new RegExp(`--${name} ([A-Z]+)`).exec(command.usage)?.[1] ?? 'VALUE';
  const given = args[args.indexOf(`--${name}`) + 1];
  return (
    `--${name} needs a value after it, as in --${name} ${value}: ${option.description}.` +
    (given?.startsWith('-') ? ` (${given} came next, which is another option.)` : '')
  );
}

export async function runCli(argv: string[], io: CliIo, env = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(helpText(topic));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run \`npm run iqa -- help\` for the list.`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`${optionMistake(command, rest, error as Error)}\n\n${helpText(command)}`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.out(helpText(command));
    return 0;
  }
  const json = values.json === true;
  const args = { positionals: parsed.positionals, values };
  try {
    command.check?.(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n\n${helpText(command)}`);
    return 2;
  }
  const dbPath = resolveDbPath(typeof values.db === 'string' ? values.db : undefined, env);
  const refuse = (message: string): number => {
    io.err(message);
    // A script reading --json still gets a document saying why.
    if (json && command.refusalJson) io.out(command.refusalJson(message));
    return 1;
  };
  if (command.needsDatabase?.(args)) {
    const why = notADatabase(dbPath);
    if (why) return refuse(why);
  }
  let ctx;
  try {
    ctx = await bootstrap({
      dbPath,
      actor: typeof values.by === 'string' ? values.by : `${os.userInfo().username} (command line)`,
    });
  } catch (error) {
    return refuse(openFailure(dbPath, error));
  }
  try {
    // A name that is one of the app's users is that user: their entries link to them in the
    // audit log, as the app's own do. Any other name is recorded as given.
    if (typeof values.by === 'string') {
      const user = activeUserNamed(ctx, values.by);
      if (user !== undefined) ctx.session.userId = user;
    }
    return await command.run(ctx, { positionals: parsed.positionals, values, json }, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${helpText(command)}`);
      return 2;
    }
    if (error instanceof DomainError) {
      io.err(error.message);
      return 1;
    }
    io.err(`Something went wrong: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    ctx.store.close();
  }
}

/**
 * Runs the command line in this process, on its own arguments, stdout and stderr, and sets its
 * exit status: for this file run directly (`npm run iqa`) and for scripts/iqa.mjs (`npx iqa`).
 */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  // A script that reads only the start of the output (`| head`) closes the pipe: what is left is
  // not wanted, and the command still finishes and says by its exit status how it went.
  const unread = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
  };
  process.stdout.on('error', unread);
  process.stderr.on('error', unread);
  const code = await runCli(argv, {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  });
  process.exitCode = code;
}

const isEntry = process.argv[1] && /cli[\\/]main\.(ts|js|mjs)$/.test(process.argv[1]);
if (isEntry) await main();
