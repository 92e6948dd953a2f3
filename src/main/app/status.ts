import { eq } from 'drizzle-orm';
import { DEFAULT_LABELS, type Labels } from '@shared/labels';
import type { StatusDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { writeAudit } from '../audit/audit';
import { settings } from '../db/schema';
import { currentUser } from '../users/service';

/** Tables reported by `status`, in the order a person reads them. */
export const COUNTED_TABLES = [
  'standards',
  'standard_versions',
  'assessment_methods',
  'ksbs',
  'grading_criteria',
  'employers',
  'providers',
  'apprentices',
  'assessors',
  'users',
  'epas',
  'decisions',
  'compliance_flags',
  'import_batches',
  'audit_log',
] as const;

export function tableCounts(ctx: AppContext): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const row = ctx.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
    counts[table] = row.n;
  }
  return counts;
}

export function readSetting<T>(ctx: AppContext, key: string): T | undefined {
  const row = ctx.db.select().from(settings).where(eq(settings.key, key)).get();
  return row ? (JSON.parse(row.valueJson) as T) : undefined;
}

export function writeSetting(ctx: AppContext, key: string, value: unknown): void {
  const before = readSetting(ctx, key);
  const valueJson = JSON.stringify(value);
  ctx.sqlite
    .transaction(() => {
      ctx.db
        .insert(settings)
        .values({ key, valueJson })
        .onConflictDoUpdate({
          target: settings.key,
          set: { valueJson, updatedAt: ctx.clock().toISOString() },
        })
        .run();
      writeAudit(ctx, {
        action: 'setting.update',
        entity: 'setting',
        entityId: key,
        before,
        after: value,
      });
    })
    .immediate();
}

export function labels(ctx: AppContext): Labels {
  return { ...DEFAULT_LABELS, ...(readSetting<Partial<Labels>>(ctx, 'labels') ?? {}) };
}

export function getStatus(ctx: AppContext): StatusDto {
  const counts = tableCounts(ctx);
  const onboarded = readSetting<boolean>(ctx, 'onboarding.completed') === true;
  return {
    dbPath: ctx.store.path,
    schemaVersion: ctx.store.schemaVersion,
    counts,
    firstRun: (counts.users ?? 0) === 0,
    needsOnboarding: !onboarded && (counts.decisions ?? 0) === 0,
    user: currentUser(ctx),
    labels: labels(ctx),
  };
}

export function completeOnboarding(ctx: AppContext): void {
  writeSetting(ctx, 'onboarding.completed', true);
}
