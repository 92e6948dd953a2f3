/**
 * Saved column mappings: how another system's export maps onto a template, kept by name and
 * found again automatically when the same set of headers turns up.
 */
import { createHash } from 'node:crypto';
import type { ImportMappingDto } from '@shared/contract';
import {
  headerSetKey,
  IMPORT_KINDS,
  IMPORT_TEMPLATES,
  mappingProblems,
  templateColumns,
  type ColumnMapping,
  type ImportKind,
} from '@shared/imports';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';

interface MappingRow {
  id: number;
  name: string;
  kind: string;
  headersJson: string;
  mappingJson: string;
  updatedAt: string;
}

const SELECT = `SELECT id, name, kind, headers_json AS headersJson, mapping_json AS mappingJson,
  updated_at AS updatedAt FROM import_mappings`;

/** The name the header reader gives a column with a blank heading ("Column C"). */
const UNNAMED = /^Column [A-Z]{1,3}$/;

/**
 * The key of a header set. Columns with a blank heading are not part of it: an export with an
 * empty spacer column more or less is still the same export. `legacy`: the key as it was before,
 * with them, which mappings saved then are stored under.
 */
function hashKey(headers: readonly string[], legacy = false): string {
  const named = legacy ? headers : headers.filter((h) => !UNNAMED.test(h));
  return createHash('sha256').update(headerSetKey(named)).digest('hex');
}

function toDto(row: MappingRow): ImportMappingDto {
  return {
    id: row.id,
    name: row.name,
    kind: (IMPORT_KINDS as readonly string[]).includes(row.kind)
      ? (row.kind as ImportKind)
      : 'decisions',
    headers: JSON.parse(row.headersJson) as string[],
    mapping: JSON.parse(row.mappingJson) as ColumnMapping,
    updatedAt: row.updatedAt,
  };
}

export function listMappings(ctx: AppContext, kind?: ImportKind): ImportMappingDto[] {
  const rows = kind
    ? (ctx.sqlite.prepare(`${SELECT} WHERE kind = ? ORDER BY name`).all(kind) as MappingRow[])
    : (ctx.sqlite.prepare(`${SELECT} ORDER BY name`).all() as MappingRow[]);
  return rows.map(toDto);
}

/** By name, in any capitals ("epa pro" finds "EPA Pro"); an exact match first. */
export function mappingByName(ctx: AppContext, name: string): ImportMappingDto | null {
  const wanted = name.trim();
  // In any capitals, 'Über' as 'über' too: SQLite's NOCASE folds only A to Z. Saved mappings
  // are few, so they are compared here; one of exactly this name comes first.
  const key = wanted.toLocaleLowerCase('en-GB');
  const rows = ctx.sqlite.prepare(`${SELECT} ORDER BY id`).all() as MappingRow[];
  const row =
    rows.find((r) => r.name === wanted) ??
    rows.find((r) => r.name.toLocaleLowerCase('en-GB') === key);
  return row ? toDto(row) : null;
}

/** The most recently saved mapping for exactly this set of headers, if any. */
export function mappingForHeaders(
  ctx: AppContext,
  kind: ImportKind,
  headers: readonly string[],
): ImportMappingDto | null {
  const row = ctx.sqlite
    .prepare(
      `${SELECT} WHERE kind = ? AND header_key IN (?, ?) ORDER BY updated_at DESC, id DESC LIMIT 1`,
    )
    .get(kind, hashKey(headers), hashKey(headers, true)) as MappingRow | undefined;
  return row ? toDto(row) : null;
}

/** Keeps only template columns, so a mapping saved for one template cannot smuggle others in. */
function cleanMapping(kind: ImportKind, mapping: ColumnMapping): ColumnMapping {
  return Object.fromEntries(templateColumns(kind).map((c) => [c.name, mapping[c.name] ?? null]));
}

/**
 * Saves a mapping under a name. Names are unique whatever their capitals, across templates: the
 * command line finds a mapping by name alone (`--mapping NAME`). A name taken by another
 * template's mapping is refused, so that mapping is never lost to a save for a different kind of
 * file; one taken by this template's mapping is replaced only when `replace` says the user
 * agreed, otherwise the refusal ('conflict') is the question the Imports page asks.
 */
export function saveMapping(
  ctx: AppContext,
  input: {
    name: string;
    kind: ImportKind;
    headers: string[];
    mapping: ColumnMapping;
    replace?: boolean;
  },
): ImportMappingDto {
  const mapping = cleanMapping(input.kind, input.mapping);
  const problems = mappingProblems(input.kind, mapping, input.headers);
  if (problems.length > 0) throw new DomainError('refused', problems.join(' '));
  const name = input.name.trim();
  return ctx.sqlite
    .transaction(() => {
      const existing = mappingByName(ctx, name);
      if (existing && existing.kind !== input.kind) {
        throw new DomainError(
          'refused',
          `There is already a saved mapping called "${existing.name}", for ${templateTitle(existing.kind)} files. Give this mapping another name.`,
        );
      }
      if (existing && input.replace !== true) {
        throw new DomainError(
          'conflict',
          `There is already a saved mapping called "${existing.name}" for ${templateTitle(existing.kind)} files. Replace it with this one, or give this mapping another name.`,
        );
      }
      const actor = currentActor(ctx);
      const now = ctx.clock().toISOString();
      if (existing) {
        // The name as typed this time: replacing "EPA Pro" with "epa pro" renames it too.
        ctx.sqlite
          .prepare(
            `UPDATE import_mappings SET name = ?, header_key = ?, headers_json = ?, mapping_json = ?,
               updated_at = ? WHERE id = ?`,
          )
          .run(
            name,
            hashKey(input.headers),
            JSON.stringify(input.headers),
            JSON.stringify(mapping),
            now,
            existing.id,
          );
      } else {
        ctx.sqlite
          .prepare(
            `INSERT INTO import_mappings (name, kind, header_key, headers_json, mapping_json, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            name,
            input.kind,
            hashKey(input.headers),
            JSON.stringify(input.headers),
            JSON.stringify(mapping),
            actor.name,
            now,
            now,
          );
      }
      const saved = mappingByName(ctx, name) as ImportMappingDto;
      writeAudit(
        ctx,
        {
          action: existing ? 'import.mapping-update' : 'import.mapping-save',
          entity: 'import_mapping',
          entityId: saved.id,
          before: existing
            ? {
                name: existing.name,
                kind: existing.kind,
                headers: existing.headers,
                mapping: existing.mapping,
              }
            : undefined,
          after: { name, kind: input.kind, headers: input.headers, mapping },
        },
        actor,
      );
      return saved;
    })
    .immediate();
}

function templateTitle(kind: ImportKind): string {
  return IMPORT_TEMPLATES[kind].title.toLowerCase();
}

export function deleteMapping(ctx: AppContext, id: number): { deleted: boolean } {
  return ctx.sqlite
    .transaction(() => {
      const row = ctx.sqlite.prepare(`${SELECT} WHERE id = ?`).get(id) as MappingRow | undefined;
      if (!row)
        throw new DomainError(
          'not_found',
          'That saved mapping no longer exists; it may have been deleted in another window.',
        );
      ctx.sqlite.prepare('DELETE FROM import_mappings WHERE id = ?').run(id);
      writeAudit(ctx, {
        action: 'import.mapping-delete',
        entity: 'import_mapping',
        entityId: id,
        before: toDto(row),
        after: { deleted: true },
      });
      return { deleted: true };
    })
    .immediate();
}
