import { tableCounts } from '../../app/status';
import type { CliCommand } from '../types';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Show the database path, schema version and the number of rows in each table',
  usage: 'status [--db PATH] [--json]',
  run(ctx, { json }, io) {
    const counts = tableCounts(ctx);
    if (json) {
      io.out(
        JSON.stringify(
          { database: ctx.store.path, schema_version: ctx.store.schemaVersion, counts },
          null,
          2,
        ),
      );
      return 0;
    }
    const width = Math.max(...Object.keys(counts).map((k) => k.length));
    io.out(`Database: ${ctx.store.path}\nSchema version: ${ctx.store.schemaVersion}\n`);
    for (const [table, n] of Object.entries(counts)) {
      io.out(`${table.padEnd(width)}  ${n.toLocaleString('en-GB').padStart(10)}`);
    }
    return 0;
  },
};
