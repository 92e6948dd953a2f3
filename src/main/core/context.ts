import { englishDate } from '@shared/calendar/englishDate';
import type { Db, OpenedDatabase, Sqlite } from '../db/open';

/**
 * What every service receives: the open database, a clock and the signed-in user. Services take
 * this as an argument rather than importing singletons, so tests pass a real temporary database
 * and a fixed clock.
 */
export interface AppContext {
  readonly store: OpenedDatabase;
  readonly db: Db;
  readonly sqlite: Sqlite;
  readonly clock: () => Date;
  readonly session: Session;
}

export interface Session {
  userId: number | null;
  /** Who is acting when nobody is signed in (the CLI passes --by or the OS user). */
  fallbackActor: string;
}

export function createContext(
  store: OpenedDatabase,
  options: { clock?: () => Date; actor?: string } = {},
): AppContext {
  return {
    store,
    db: store.db,
    sqlite: store.sqlite,
    clock: options.clock ?? (() => new Date()),
    session: { userId: null, fallbackActor: options.actor ?? 'system' },
  };
}

/** Today's date in England as YYYY-MM-DD, from the context's clock. */
export function today(ctx: AppContext): string {
  return englishDate(ctx.clock());
}
