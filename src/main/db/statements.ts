/**
 * Prepared statements kept per connection, for rules that run once per row of a long job and
 * are shared by the app and the imports (writing an audit entry, a decision's status or grade).
 * Preparing SQL costs far more than running a prepared statement: preparing on every call took
 * 7 of the 19.6 s of a 50,000-row moderation history import. For get, all and run: a statement
 * being iterated is busy, and the next caller of the same SQL would be refused.
 */
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from './open';

/** What a statement's rows are read as; fixed when it is prepared, as callers share it. */
export type RowMode = 'rows' | 'pluck' | 'raw';

/** By connection, then row mode, then SQL: keyed by the caller's own string, whose hash V8 keeps. */
const kept = new WeakMap<Sqlite, Record<RowMode, Map<string, Statement>>>();

/** The connection's prepared statement for this SQL and row mode, prepared on first use. */
export function prepared(sqlite: Sqlite, sql: string, mode: RowMode = 'rows'): Statement {
  let modes = kept.get(sqlite);
  if (!modes) kept.set(sqlite, (modes = { rows: new Map(), pluck: new Map(), raw: new Map() }));
  const statements = modes[mode];
  let statement = statements.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    if (mode === 'pluck') statement.pluck();
    else if (mode === 'raw') statement.raw();
    statements.set(sql, statement);
  }
  return statement;
}
