import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli';
import { tempDir } from '../support/context';
import fs from 'node:fs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const cli = runCliCaptured;

describe('npm run iqa', () => {
  it('creates, fills and reports on a database', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = path.join(dir, 'x.sqlite');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    const demo = await cli(['demo', '--db', db, '--epas', '500', '--json']);
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.out)).toMatchObject({ epas: 500, assessors: 30 });

    const status = await cli(['status', '--db', db, '--json']);
    const parsed = JSON.parse(status.out) as {
      database: string;
      schema_version: number;
      counts: Record<string, number>;
    };
    expect(parsed.database).toBe(db);
    expect(parsed.counts.epas).toBe(500);
    expect(parsed.counts.decisions).toBeGreaterThan(1000);
    expect(parsed.counts.standard_versions).toBe(2);

    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });

  it('sends errors to stderr with a non-zero exit', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command "frobnicate"');
    const badFlag = await cli(['status', '--nope']);
    expect(badFlag.code).toBe(2);
    const dir = tempDir();
    dirs.push(dir);
    const db = path.join(dir, 'y.sqlite');
    await cli(['demo', '--db', db, '--epas', '5']);
    const again = await cli(['demo', '--db', db, '--epas', '5']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('empty database');
    expect(again.out).toBe('');
  });

  it('prints help listing every command', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'demo', 'status']) expect(help.out).toContain(c);
  });

  it('runs as a real process through npm with clean JSON on stdout', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = path.join(dir, 'z.sqlite');
    const out = execFileSync(
      'npm',
      ['run', '--silent', 'iqa', '--', 'status', '--db', db, '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toMatchObject({ database: db });
    const failed = spawnSync('npm', ['run', '--silent', 'iqa', '--', 'nonsense'], {
      encoding: 'utf8',
    });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('Unknown command');
  });
});
