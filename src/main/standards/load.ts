import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
  loadBuiltInStandards,
  type StandardDefinition,
  type StandardVersion,
} from '@shared/standards';
import type { AppContext } from '../core/context';
import { writeAudit } from '../audit/audit';
import { prepared } from '../db/statements';
import {
  assessmentMethods,
  gradingCriteria,
  ksbMethods,
  ksbs,
  standards,
  standardVersions,
} from '../db/schema';

/** What is stored per version: the version plus the standard it belongs to. */
export interface StoredVersionDefinition {
  code: string;
  title: string;
  level: number;
  version: StandardVersion;
}

/**
 * Loads standard definitions into the database on first start (and any version added since).
 * A version already stored is left alone: decisions were judged against it, so it never changes
 * underneath them. A corrected definition is published as a new version.
 */
export function ensureStandards(
  ctx: AppContext,
  definitions: StandardDefinition[] = loadBuiltInStandards(),
): { added: string[] } {
  const added: string[] = [];
  // Every command starts here: a write transaction taken when nothing is missing would make a
  // read (status, import list) wait for, and then fail against, an import that holds the
  // database for minutes.
  if (!anyMissing(ctx, definitions)) return { added };
  const run = ctx.sqlite.transaction(() => {
    for (const def of definitions) {
      let standard = ctx.db.select().from(standards).where(eq(standards.code, def.code)).get();
      if (!standard) {
        standard = ctx.db
          .insert(standards)
          .values({ code: def.code, title: def.title, level: def.level })
          .returning()
          .get();
      }
      for (const version of def.versions) {
        const exists = ctx.db
          .select({ id: standardVersions.id })
          .from(standardVersions)
          .where(
            and(
              eq(standardVersions.standardId, standard.id),
              eq(standardVersions.version, version.version),
            ),
          )
          .get();
        if (exists) continue;
        insertVersion(ctx, standard.id, def, version);
        added.push(`${def.code} v${version.version}`);
      }
    }
    if (added.length > 0) {
      writeAudit(ctx, { action: 'standards.load', entity: 'standard', after: { added } });
    }
  });
  run.immediate();
  return { added };
}

function anyMissing(ctx: AppContext, definitions: StandardDefinition[]): boolean {
  const stored = new Set(
    (
      ctx.sqlite
        .prepare(
          'SELECT s.code, v.version FROM standard_versions v JOIN standards s ON s.id = v.standard_id',
        )
        .raw(true)
        .all() as [string, string][]
    ).map(([code, version]) => `${code}\u0000${version}`),
  );
  return definitions.some((def) =>
    def.versions.some((v) => !stored.has(`${def.code}\u0000${v.version}`)),
  );
}

function insertVersion(
  ctx: AppContext,
  standardId: number,
  def: StandardDefinition,
  version: StandardVersion,
): void {
  const stored: StoredVersionDefinition = {
    code: def.code,
    title: def.title,
    level: def.level,
    version,
  };
  const json = JSON.stringify(stored);
  const row = ctx.db
    .insert(standardVersions)
    .values({
      standardId,
      version: version.version,
      label: version.label,
      definitionJson: json,
      definitionHash: createHash('sha256').update(json).digest('hex'),
    })
    .returning({ id: standardVersions.id })
    .get();

  const methodIds = new Map<string, number>();
  for (const method of version.methods) {
    const m = ctx.db
      .insert(assessmentMethods)
      .values({ standardVersionId: row.id, code: method.code, name: method.name })
      .returning({ id: assessmentMethods.id })
      .get();
    methodIds.set(method.code, m.id);
    for (const criterion of method.criteria) {
      ctx.db
        .insert(gradingCriteria)
        .values({
          methodId: m.id,
          code: criterion.code,
          grade: criterion.grade,
          text: criterion.text,
        })
        .run();
    }
  }
  for (const ksb of version.ksbs) {
    const k = ctx.db
      .insert(ksbs)
      .values({
        standardVersionId: row.id,
        code: ksb.code,
        kind: ksb.kind,
        title: ksb.title,
        statement: ksb.statement,
      })
      .returning({ id: ksbs.id })
      .get();
    for (const methodCode of ksb.methods) {
      const methodId = methodIds.get(methodCode);
      if (methodId !== undefined) ctx.db.insert(ksbMethods).values({ ksbId: k.id, methodId }).run();
    }
  }
}

const cache = new Map<string, StoredVersionDefinition>();

/** The definition a stored version was loaded from, parsed once per process. */
export function versionDefinition(
  ctx: AppContext,
  standardVersionId: number,
): StoredVersionDefinition {
  // The hash first: the definition's text (tens of kilobytes) is read only on a cache miss, since
  // every moderation saved looks its version up.
  const row = prepared(
    ctx.sqlite,
    'SELECT definition_hash AS hash FROM standard_versions WHERE id = ?',
  ).get(standardVersionId) as { hash: string } | undefined;
  if (!row) throw new Error(`Standard version ${standardVersionId} is not in the database`);
  const hit = cache.get(row.hash);
  if (hit) return hit;
  const json = ctx.db
    .select({ json: standardVersions.definitionJson })
    .from(standardVersions)
    .where(eq(standardVersions.id, standardVersionId))
    .get()?.json as string;
  const parsed = JSON.parse(json) as StoredVersionDefinition;
  cache.set(row.hash, parsed);
  return parsed;
}

export interface VersionRow {
  id: number;
  code: string;
  version: string;
  definition: StoredVersionDefinition;
  methodIds: Map<string, number>;
}

/** Every stored version with its method ids, for bulk paths (demo data, imports). */
export function allVersions(ctx: AppContext): VersionRow[] {
  const rows = ctx.db
    .select({ id: standardVersions.id, version: standardVersions.version, code: standards.code })
    .from(standardVersions)
    .innerJoin(standards, eq(standards.id, standardVersions.standardId))
    .all();
  return rows.map((r) => {
    const methods = ctx.db
      .select({ id: assessmentMethods.id, code: assessmentMethods.code })
      .from(assessmentMethods)
      .where(eq(assessmentMethods.standardVersionId, r.id))
      .all();
    return {
      ...r,
      definition: versionDefinition(ctx, r.id),
      methodIds: new Map(methods.map((m) => [m.code, m.id])),
    };
  });
}
