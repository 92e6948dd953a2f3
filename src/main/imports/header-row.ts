/**
 * Telling the header row from the title rows some exports put above it ("EPA Pro export",
 * "Generated 01/11/2026"): the header is the row that names the columns the import reads.
 */
import {
  IMPORT_KINDS,
  matchHeaders,
  normaliseHeader,
  type ColumnMapping,
  type ImportKind,
} from '@shared/imports';
import type { AppContext } from '../core/context';
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
