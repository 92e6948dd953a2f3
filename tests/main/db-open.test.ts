import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DatabaseOpenError,
  NEW_DATABASE_PAGE_SIZE,
  openDatabase,
  readJournal,
} from '../../src/main/db/open';
import { MIGRATIONS, tempDir } from '../support/context';

const dirs: string[] = [];
function freshDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A copy of the migrations folder holding only the first `n` migrations: an older app. */
function olderMigrations(n: number): string {
  const dir = path.join(freshDir(), 'drizzle');
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, n);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe('opening the database', () => {
  it('creates a fresh database with WAL, foreign keys and every migration applied', async () => {
    const file = path.join(freshDir(), 'new.sqlite');
    const store = await openDatabase({ path: file, migrationsFolder: MIGRATIONS });
    try {
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(store.schemaVersion).toBe(readJournal(MIGRATIONS).length);
      expect(store.backupPath).toBeNull();
      expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('creates a new database with 16 KiB pages, and keeps the page size of one it did not create', async () => {
    const fresh = path.join(freshDir(), 'new.sqlite');
    const store = await openDatabase({ path: fresh, migrationsFolder: MIGRATIONS });
    expect(store.sqlite.pragma('page_size', { simple: true })).toBe(NEW_DATABASE_PAGE_SIZE);
    expect(NEW_DATABASE_PAGE_SIZE).toBe(16_384);
    store.close();

    // A database made with SQLite's default 4 KiB pages (as every one before this change was).
    const older = path.join(freshDir(), 'older.sqlite');
    const raw = new Database(older);
    raw.exec("CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('still here')");
    expect(raw.pragma('page_size', { simple: true })).toBe(4096);
    raw.close();
    const opened = await openDatabase({ path: older, migrationsFolder: MIGRATIONS });
    try {
      expect(opened.sqlite.pragma('page_size', { simple: true })).toBe(4096);
      expect(opened.sqlite.prepare('SELECT note FROM kept').pluck().all()).toEqual(['still here']);
      expect(opened.schemaVersion).toBe(readJournal(MIGRATIONS).length);
      expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      opened.close();
    }
  });

  it('brings a database from an older version up to date, keeping its rows and a backup', async () => {
    const file = path.join(freshDir(), 'old.sqlite');
    const old = await openDatabase({ path: file, migrationsFolder: olderMigrations(1) });
    old.sqlite.prepare("INSERT INTO users (name, role) VALUES ('Ann Lead', 'iqa_lead')").run();
    old.sqlite
      .prepare("INSERT INTO audit_log (at, actor, action, entity) VALUES ('t', 'a', 'x', 'y')")
      .run();
    expect(old.schemaVersion).toBe(1);
    old.close();

    const store = await openDatabase({ path: file, migrationsFolder: MIGRATIONS });
    try {
      expect(store.schemaVersion).toBe(readJournal(MIGRATIONS).length);
      expect(store.sqlite.prepare('SELECT name FROM users').pluck().all()).toEqual(['Ann Lead']);
      expect(store.backupPath).not.toBeNull();
      const backup = new Database(store.backupPath as string, { readonly: true });
      expect(backup.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
      backup.close();
      // Migration 0001 made the audit log append-only.
      expect(() =>
        store.sqlite.prepare("UPDATE audit_log SET actor = 'someone else'").run(),
      ).toThrow(/append-only/);
    } finally {
      store.close();
    }
  });

  it('refuses a database written by a newer version and leaves the file untouched', async () => {
    const file = path.join(freshDir(), 'newer.sqlite');
    const store = await openDatabase({ path: file, migrationsFolder: MIGRATIONS });
    store.sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('from-the-future', Date.parse('2031-01-01'));
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const before = sha(file);

    await expect(openDatabase({ path: file, migrationsFolder: MIGRATIONS })).rejects.toMatchObject({
      kind: 'newer_schema',
      message: expect.stringContaining('newer version'),
    });
    expect(sha(file)).toBe(before);
  });

  it('refuses to start without its migrations instead of skipping them', async () => {
    const file = path.join(freshDir(), 'x.sqlite');
    const missing = path.join(freshDir(), 'no-such-folder');
    await expect(openDatabase({ path: file, migrationsFolder: missing })).rejects.toBeInstanceOf(
      DatabaseOpenError,
    );
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('the audit log', () => {
  it('can be appended to but never changed or deleted', async () => {
    const file = path.join(freshDir(), 'audit.sqlite');
    const store = await openDatabase({ path: file, migrationsFolder: MIGRATIONS });
    try {
      store.sqlite
        .prepare(
          "INSERT INTO audit_log (at, actor, action, entity) VALUES ('2026-01-01', 'Ann', 'grade.change', 'decision')",
        )
        .run();
      expect(() => store.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(() => store.sqlite.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(
        /append-only/,
      );
      expect(store.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
    } finally {
      store.close();
    }
  });
});

describe('reusing prepared statements', () => {
  it('gives each caller rows in the default shape even after another caller plucked', async () => {
    const store = await openDatabase({
      path: path.join(freshDir(), 'cache.sqlite'),
      migrationsFolder: MIGRATIONS,
    });
    try {
      const sql = "SELECT 'IA001' AS ref, 2 AS n";
      expect(store.sqlite.prepare(sql).pluck().get()).toBe('IA001');
      expect(store.sqlite.prepare(sql).get()).toEqual({ ref: 'IA001', n: 2 });
      expect(store.sqlite.prepare(sql).raw().get()).toEqual(['IA001', 2]);
      expect(store.sqlite.prepare(sql).all()).toEqual([{ ref: 'IA001', n: 2 }]);
    } finally {
      store.close();
    }
  });

  it('can run the same SQL inside a loop that is still iterating it', async () => {
    const store = await openDatabase({
      path: path.join(freshDir(), 'nested.sqlite'),
      migrationsFolder: MIGRATIONS,
    });
    try {
      const sql = 'SELECT value FROM json_each(?)';
      const seen: number[] = [];
      for (const row of store.sqlite.prepare(sql).pluck().iterate('[1,2]') as Iterable<number>) {
        const inner = store.sqlite.prepare(sql).pluck().all('[10]') as number[];
        seen.push(row, ...inner);
      }
      expect(seen).toEqual([1, 10, 2, 10]);
    } finally {
      store.close();
    }
  });
});
