/** `npm run web`: serve the built renderer and the API on 127.0.0.1. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap } from '../core/bootstrap';
import { resolveDbPath } from '../db/paths';
import { startWebServer } from './server';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '5757' },
    renderer: { type: 'string', default: path.resolve('out/renderer') },
    clock: { type: 'string' },
  },
});

const fixedNow = values.clock ? new Date(values.clock) : null;
const ctx = await bootstrap({
  dbPath: resolveDbPath(values.db),
  actor: 'web',
  ...(fixedNow ? { clock: () => fixedNow } : {}),
});
const server = await startWebServer(ctx, {
  port: Number(values.port),
  rendererDir: values.renderer,
});
// Tests read this line to learn the port.
console.log(`IQA Desk is serving ${ctx.store.path} at ${server.url}`);

const stop = (): void => {
  void server.close().then(() => {
    ctx.store.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
