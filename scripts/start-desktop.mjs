#!/usr/bin/env node
/**
 * `npm start`: build and open the desktop app.
 *
 * node_modules stays built for Node (tests, CLI and drizzle-kit need that), so the Electron build
 * of better-sqlite3 lives apart, in .native/electron-<version>/, and main loads it through
 * better-sqlite3's `nativeBinding` option. The first start downloads Electron and that binary;
 * later starts reuse them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dev = process.argv.includes('--dev');

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
  });
  return result.status ?? 1;
}

function fail(message) {
  console.error(`\nIQA Desk could not start: ${message}`);
  process.exit(1);
}

// 1. The Electron binary (electron 45 fetches it on first use rather than at install).
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(
  fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8'),
).version;
if (!fs.existsSync(path.join(electronDir, 'path.txt'))) {
  console.log(`Downloading Electron ${electronVersion} (first start only)…`);
  if (run(process.execPath, [path.join(electronDir, 'install.js')]) !== 0) {
    fail('the Electron download failed. Check the internet connection and try again.');
  }
}

// 2. better-sqlite3 built for Electron's ABI, kept out of node_modules.
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(
  fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8'),
).version;
const nativeRoot = path.join(
  root,
  '.native',
  `electron-${electronVersion}-${process.platform}-${process.arch}`,
  `better-sqlite3-${sqliteVersion}`,
);
const binding = path.join(nativeRoot, 'build', 'Release', 'better_sqlite3.node');
if (!fs.existsSync(binding)) {
  console.log(`Preparing the database engine for Electron ${electronVersion} (first start only)…`);
  fs.rmSync(nativeRoot, { recursive: true, force: true });
  fs.mkdirSync(nativeRoot, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
    fs.cpSync(path.join(sqliteDir, entry), path.join(nativeRoot, entry), { recursive: true });
  }
  const target = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`];
  const prebuild = path.join(
    path.dirname(require.resolve('prebuild-install/package.json')),
    'bin.js',
  );
  let ok = run(process.execPath, [prebuild, ...target], { cwd: nativeRoot }) === 0;
  if (!ok) {
    console.log('No prebuilt binary; compiling it instead…');
    ok =
      run(
        'npx',
        [
          '--yes',
          'node-gyp',
          'rebuild',
          '--release',
          ...target,
          '--dist-url=https://electronjs.org/headers',
        ],
        { cwd: nativeRoot },
      ) === 0;
  }
  if (!ok || !fs.existsSync(binding))
    fail('the database engine could not be prepared for Electron.');
}

// 3. Build and launch.
const env = { ...process.env, IQA_NATIVE_BINDING: binding };
const bin = path.join(
  root,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
);
process.exit(
  run(bin, [dev ? 'dev' : 'preview', ...process.argv.slice(2).filter((a) => a !== '--dev')], {
    cwd: root,
    env,
  }),
);
