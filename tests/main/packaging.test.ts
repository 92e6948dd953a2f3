import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/main/db/open';
import { MIGRATIONS } from '../support/context';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  build: { extraResources: { from: string; to: string }[]; asarUnpack: string[] };
  engines: { node: string };
};

describe('what a packaged app ships', () => {
  it('ships the migrations folder as a resource, where main looks for it when packaged', () => {
    expect(pkg.build.extraResources).toContainEqual({ from: 'drizzle', to: 'drizzle' });
    const main = fs.readFileSync('src/main/index.ts', 'utf8');
    expect(main).toContain("path.join(process.resourcesPath, 'drizzle')");
  });

  it('has a SQL file for every migration in the journal, and nothing else', () => {
    const tags = readJournal(MIGRATIONS).map((e) => `${e.tag}.sql`);
    const files = fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'));
    expect(files.sort()).toEqual(tags.sort());
    for (const f of files)
      expect(fs.readFileSync(path.join(MIGRATIONS, f), 'utf8').trim()).not.toBe('');
  });

  it('keeps the native database engine outside the asar archive', () => {
    expect(pkg.build.asarUnpack.join()).toContain('better-sqlite3');
  });
});
