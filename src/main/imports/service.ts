import { desc } from 'drizzle-orm';
import type { ImportBatchDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { importBatches } from '../db/schema';

export function listImportBatches(ctx: AppContext): ImportBatchDto[] {
  return ctx.db.select().from(importBatches).orderBy(desc(importBatches.id)).all();
}
