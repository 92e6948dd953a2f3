import type { CliCommand } from '../types';

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'Create the database, or bring an existing one up to date',
  usage: 'init [--db PATH] [--json]',
  run(ctx, { json }, io) {
    const result = {
      database: ctx.store.path,
      schema_version: ctx.store.schemaVersion,
      backup: ctx.store.backupPath,
    };
    io.out(
      json
        ? JSON.stringify(result, null, 2)
        : `Database ready at ${result.database} (schema version ${result.schema_version}).` +
            (result.backup ? `\nA copy taken before the update is at ${result.backup}.` : ''),
    );
    return 0;
  },
};
