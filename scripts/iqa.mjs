#!/usr/bin/env node
/**
 * `npx iqa <command> ...`: the command line (src/main/cli/main.ts), as `npm run -s iqa -- ...`
 * runs it, with nothing but the command's own output on stdout. `npm run iqa` without -s prints
 * npm's banner there first, which a script reading --json cannot parse.
 *
 * Runs the TypeScript source through tsx's loader, registered here with the repository's
 * tsconfig, as `tsx --tsconfig tsconfig.node.json` does for `npm run iqa`.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: path.join(root, 'tsconfig.node.json') });
const { main } = await import(pathToFileURL(path.join(root, 'src/main/cli/main.ts')).href);
await main();
