/**
 * Finding the header row of a file and deciding which column feeds each template column: the
 * user's mapping, a saved mapping named or found for these headers, or the template's names.
 */
import {
  matchHeaders,
  alignMapping,
  mappingProblems,
  normaliseHeader,
  templateColumns,
  trimCell,
  type ColumnMapping,
  type ImportKind,
} from '@shared/imports';
import type { ImportMappingDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import type { HeaderScore } from './header-row';
import { mappingByName, mappingForHeaders } from './mappings';
import { findHeader, isBlank, sheetsNote, type RowBatch, type Table } from './table';

export interface HeaderFound {
  headers: string[];
  headerRow: number;
  /** The batch the header was in, and where its data rows start. */
  batch: RowBatch;
  start: number;
}

/** Excel's letters for the column at `i` (0: A, 26: AA). */
export function columnLetter(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Reads up to the header row, the row of the opening ones that `score` finds names most
 * columns (see findHeader). Blank header cells get a name ("Column F") so they can be mapped.
 */
export async function readHeader(
  table: Table,
  fileName: string,
  score?: HeaderScore,
): Promise<HeaderFound> {
  for (;;) {
    const next = await table.batches.next();
    if (next.done) {
      // Often an empty sheet left before the one with the rows (a new workbook's "Sheet1").
      throw new DomainError('refused', `${fileName} has no rows.${sheetsNote(table.info)}`);
    }
    const batch = next.value;
    if (batch.cells.length === 0 || batch.cells.every((c) => isBlank(c))) continue;
    const at = findHeader(batch, score);
    const cells = batch.cells[at] as string[];
    let last = cells.length - 1;
    while (last >= 0 && trimCell(cells[last] as string) === '') last--;
    const headers = cells
      .slice(0, last + 1)
      .map((h, i) => trimCell(h) || `Column ${columnLetter(i)}`);
    return { headers, headerRow: batch.numbers[at] as number, batch, start: at + 1 };
  }
}

export interface ResolvedMapping {
  mapping: ColumnMapping;
  /** Position of each template column's source in a row, or -1. */
  indices: number[];
  name: string | null;
  /**
   * The headers (normalised) of the file a saved mapping was made for: those it reads no column
   * from were left out on purpose, so the import does not warn that it ignored them.
   */
  leftOut: ReadonlySet<string>;
  /** Template column → the file's heading it is read from, where the two names differ. */
  headings: Record<string, string>;
  /**
   * Optional columns a saved mapping reads from a header this file does not have: imported as
   * not in the file, and said so.
   */
  notFound: { column: string; source: string }[];
}

/**
 * The mapping for this import. An explicit mapping wins, then a saved one by name, then one
 * saved for this header set, then the template's own names (refused if a required one is
 * missing: the user maps columns first).
 */
export function resolveMapping(
  ctx: AppContext,
  kind: ImportKind,
  headers: readonly string[],
  fileName: string,
  choice: { mapping?: ColumnMapping | null; mappingName?: string | null },
): ResolvedMapping {
  let mapping: ColumnMapping;
  let name: string | null = null;
  // The saved mapping this import uses, if any (the app sends a saved one's name with it).
  let saved: ImportMappingDto | null = null;
  if (choice.mapping) {
    mapping = choice.mapping;
    name = choice.mappingName?.trim() || null;
    // Named, it is that saved mapping only if it still says the same (it may have been replaced).
    const named = name ? mappingByName(ctx, name) : null;
    if (named?.kind === kind && sameColumns(kind, named.mapping, mapping, headers)) saved = named;
  } else if (choice.mappingName) {
    saved = mappingByName(ctx, choice.mappingName);
    if (!saved)
      throw new DomainError(
        'not_found',
        `There is no saved mapping called "${choice.mappingName}".`,
      );
    if (saved.kind !== kind) {
      throw new DomainError(
        'refused',
        `The mapping "${saved.name}" is for ${saved.kind}, not ${kind}.`,
      );
    }
    mapping = saved.mapping;
    name = saved.name;
  } else {
    saved = mappingForHeaders(ctx, kind, headers);
    const match = matchHeaders(kind, headers);
    if (saved) {
      mapping = saved.mapping;
      name = saved.name;
    } else {
      // Template names only: a synonym ("Result" for grade) is a guess the user must confirm.
      const guessed = Object.entries(match.mapping).filter(
        ([column, header]) => header !== null && normaliseHeader(header) !== column,
      );
      if (match.missingRequired.length > 0 || guessed.length > 0) {
        const missing = match.missingRequired.length
          ? ` It lacks the required column${match.missingRequired.length === 1 ? '' : 's'} ${match.missingRequired.join(', ')}.`
          : '';
        const guesses = guessed.length
          ? ` Some columns only look like template columns (${guessed.map(([c, h]) => `"${h}" for ${c}`).join(', ')}).`
          : '';
        throw new DomainError(
          'refused',
          `The columns of ${fileName} do not match the ${kind} template.${missing}${guesses} Map the columns in the app's Imports page and save the mapping, then import with --mapping NAME (or again in the app).`,
        );
      }
      mapping = Object.fromEntries(
        Object.entries(match.mapping).map(([c, h]) => [
          c,
          h !== null && normaliseHeader(h) === c ? h : null,
        ]),
      );
    }
  }
  mapping = alignMapping(mapping, headers);
  const notFound: ResolvedMapping['notFound'] = [];
  if (saved) {
    // A saved mapping outlives the export it was made for: next month's file may drop a column
    // it read. An optional one is then simply not in this file; a required one still refuses.
    const present = new Set(headers);
    for (const c of templateColumns(kind)) {
      const source = mapping[c.name];
      if (c.required || source == null || present.has(source)) continue;
      notFound.push({ column: c.name, source });
      mapping = { ...mapping, [c.name]: null };
    }
  }
  const problems = mappingProblems(kind, mapping, headers);
  if (problems.length > 0) {
    throw new DomainError('refused', `${name ? `Mapping "${name}": ` : ''}${problems.join(' ')}`);
  }
  refuseAmbiguous(kind, mapping, headers, fileName);
  const position = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!position.has(h)) position.set(h, i);
  });
  const indices = templateColumns(kind).map((c) => {
    const source = mapping[c.name];
    return source == null ? -1 : (position.get(source) ?? -1);
  });
  const leftOut = new Set((saved?.headers ?? []).map(normaliseHeader));
  // "ULN" for uln is the template's own name to a reader; "Learner ULN" is not.
  const headings: Record<string, string> = {};
  templateColumns(kind).forEach((c, i) => {
    const heading = headers[indices[i] as number];
    if (heading !== undefined && normaliseHeader(heading) !== c.name) headings[c.name] = heading;
  });
  return { mapping, indices, name, leftOut, notFound, headings };
}

/** Whether two mappings read the same header for every template column of this file. */
function sameColumns(
  kind: ImportKind,
  a: ColumnMapping,
  b: ColumnMapping,
  headers: readonly string[],
): boolean {
  const [x, y] = [alignMapping(a, headers), alignMapping(b, headers)];
  return templateColumns(kind).every((c) => (x[c.name] ?? null) === (y[c.name] ?? null));
}

/** A column the import reads whose header the file has twice: which one is meant is a guess. */
function refuseAmbiguous(
  kind: ImportKind,
  mapping: ColumnMapping,
  headers: readonly string[],
  fileName: string,
): void {
  for (const c of templateColumns(kind)) {
    const source = mapping[c.name];
    if (source == null) continue;
    const wanted = normaliseHeader(source);
    // "Result" and "RESULT " are the same heading to a reader (and to the saved mappings' lookup).
    const at = headers.flatMap((h, i) => (normaliseHeader(h) === wanted ? [i] : []));
    if (at.length > 1) {
      throw new DomainError(
        'refused',
        `${fileName} has ${at.length} columns headed "${source}" (columns ${at.map(columnLetter).join(', ')}), so it is not clear which holds ${c.name}. Rename or remove the others and import it again.`,
      );
    }
  }
}

/** Fills `values` (one per template column, trimmed: see trimCell) from a row of the file. */
export function fillValues(
  indices: readonly number[],
  row: readonly string[],
  values: string[],
): void {
  for (let c = 0; c < indices.length; c++) {
    const at = indices[c] as number;
    values[c] = at < 0 ? '' : trimCell(row[at] ?? '');
  }
}
