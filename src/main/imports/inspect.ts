/**
 * A first look at a file, before anything is imported: format, encoding, separator, sheets,
 * the header row, a few rows, which template it fits and how its columns map (a saved mapping
 * for these headers is chosen automatically).
 */
import type { ImportFileInfoDto } from '@shared/contract';
import { alignMapping, guessKind, matchHeaders, trimCell, type ImportKind } from '@shared/imports';
import type { AppContext } from '../core/context';
import { previousImports } from './batches';
import { readHeader } from './header';
import { headerScore } from './header-row';
import { mappingForHeaders } from './mappings';
import { sniffFile } from './sniff';
import { isBlank, openTable } from './table';

const SAMPLE_ROWS = 5;

export type FileInfo = Omit<ImportFileInfoDto, 'uploadId'>;

export async function inspectFile(
  ctx: AppContext,
  file: string,
  fileName: string,
  options: { kind?: ImportKind; sheet?: string | null } = {},
): Promise<FileInfo> {
  const sniffed = await sniffFile(file, fileName);
  const table = await openTable(file, sniffed, { sheet: options.sheet ?? null, fileName });
  try {
    const head = await readHeader(table, fileName, headerScore(ctx, options.kind ?? null));
    const sample: string[][] = [];
    let batch = head.batch;
    let start = head.start;
    while (sample.length < SAMPLE_ROWS) {
      for (let r = start; r < batch.cells.length && sample.length < SAMPLE_ROWS; r++) {
        const row = batch.cells[r] as string[];
        if (!isBlank(row)) sample.push(head.headers.map((_, i) => trimCell(row[i] ?? '')));
      }
      if (sample.length >= SAMPLE_ROWS) break;
      const next = await table.batches.next();
      if (next.done) break;
      batch = next.value;
      start = 0;
    }
    const suggestedKind = guessKind(head.headers);
    const kind = options.kind ?? suggestedKind ?? 'decisions';
    const match = matchHeaders(kind, head.headers);
    const saved = mappingForHeaders(ctx, kind, head.headers);
    return {
      fileName,
      size: sniffed.size,
      format: sniffed.format,
      encoding: table.info.encoding,
      delimiter: table.info.delimiter,
      sheets: table.info.sheets,
      sheet: table.info.sheet,
      headerRow: head.headerRow,
      headers: head.headers,
      sample,
      kind,
      suggestedKind,
      exact: saved === null && match.exact,
      mapping: saved ? alignMapping(saved.mapping, head.headers) : match.mapping,
      missingRequired: saved ? [] : match.missingRequired,
      unused: match.unused,
      savedMapping: saved?.name ?? null,
      previousImports: previousImports(ctx, kind, sniffed.sha256),
    };
  } finally {
    table.close();
  }
}
