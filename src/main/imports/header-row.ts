/**
 * The header row: telling it from the title rows some exports put above it ("EPA Pro export",
 * "Generated 01/11/2026"), as the row that names the columns the import reads; and the cells a
 * row has beyond it.
 */
import {
  IMPORT_KINDS,
  matchHeaders,
  normaliseHeader,
  trimCell,
  type ColumnMapping,
  type ImportKind,
} from '@shared/imports';
import type { AppContext } from '../core/context';
import { columnLetter } from './header';
import { listMappings, mappingByName } from './mappings';

/** How many cells of a row name a column the import would read. */
export type HeaderScore = (cells: readonly string[]) => number;

/**
 * Scores a row by the template columns it names (their usual other names included), for the
 * kind imported or, before that is known, any kind; and by the headers of a mapping, since
 * another system's export names its columns its own way: the mapping chosen, or else each one
 * saved for this kind.
 */
export function headerScore(
  ctx: AppContext,
  kind: ImportKind | null,
  choice: { mapping?: ColumnMapping | null; mappingName?: string | null } = {},
): HeaderScore {
  const kinds = kind ? [kind] : IMPORT_KINDS;
  const headerSets: Set<string>[] = [];
  const named = (headers: Iterable<string | null>): Set<string> =>
    new Set([...headers].flatMap((h) => (h ? [normaliseHeader(h)] : [])));
  if (choice.mapping) headerSets.push(named(Object.values(choice.mapping)));
  else if (choice.mappingName) {
    const saved = mappingByName(ctx, choice.mappingName);
    if (saved) headerSets.push(named([...saved.headers, ...Object.values(saved.mapping)]));
  } else {
    for (const saved of listMappings(ctx, kind ?? undefined)) headerSets.push(named(saved.headers));
  }
  return (cells) => {
    const filled = cells.filter((c) => c.trim() !== '');
    if (filled.length < 2) return 0;
    let best = 0;
    for (const k of kinds) {
      const found = Object.values(matchHeaders(k, filled).mapping).filter((h) => h !== null);
      best = Math.max(best, found.length);
    }
    for (const set of headerSets) {
      best = Math.max(best, filled.filter((c) => set.has(normaliseHeader(c))).length);
    }
    return best;
  };
}

/**
 * A row's cells to the right of the header's last column that hold something, as a warning:
 * nothing reads them, and a row that runs on (a separator typed inside a value, a note beside
 * the row) may have its other values under the wrong headings. Null when there are none.
 */
export function beyondHeader(
  row: readonly string[],
  width: number,
): { value: string; message: string } | null {
  if (row.length <= width) return null;
  const at: number[] = [];
  for (let i = width; i < row.length; i++) if (trimCell(row[i] as string) !== '') at.push(i);
  if (at.length === 0) return null;
  const one = at.length === 1;
  const columns =
    at.length <= 3
      ? at.map(columnLetter).join(', ')
      : `${columnLetter(at[0] as number)} to ${columnLetter(at.at(-1) as number)}`;
  return {
    value: at
      .map((i) => trimCell(row[i] as string))
      .join(' | ')
      .slice(0, 200),
    message: `${one ? '1 cell' : `${at.length} cells`} beyond the last column of the header (${one ? 'column' : 'columns'} ${columns}) ${one ? 'was' : 'were'} ignored: check that this row's values are under the right headings`,
  };
}
