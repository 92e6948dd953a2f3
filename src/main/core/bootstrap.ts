import { openDatabase, resolveMigrationsFolder } from '../db/open';
import { ensureStandards } from '../standards/load';
import { createContext, type AppContext } from './context';
import { registerDomainHooks } from './hooks';

export interface BootOptions {
  dbPath: string;
  migrationsFolder?: string;
  nativeBinding?: string;
  clock?: () => Date;
  actor?: string;
}

/** Opens (creating or migrating) the database and loads the built-in standards. */
export async function bootstrap(options: BootOptions): Promise<AppContext> {
  registerDomainHooks();
  const clock = options.clock ?? (() => new Date());
  const store = await openDatabase({
    path: options.dbPath,
    migrationsFolder: options.migrationsFolder ?? resolveMigrationsFolder(),
    nativeBinding: options.nativeBinding,
    clock,
  });
  try {
    const ctx = createContext(store, { clock, actor: options.actor });
    ensureStandards(ctx);
    return ctx;
  } catch (error) {
    store.close();
    throw error;
  }
}
