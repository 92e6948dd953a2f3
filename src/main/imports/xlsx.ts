/**
 * Excel workbooks, read as a stream of rows.
 *
 * exceljs is pinned at 4.4.0 in package.json: it is the one maintained-enough library with a
 * streaming reader (SheetJS on npm is frozen with known vulnerabilities and loads whole files),
 * but it has had no release since 2023 and carries transitive advisories. So it is pinned, and
 * untrusted workbooks are only ever read inside the import worker, which runs with memory limits
 * and a watchdog (see jobs.ts).
 */
import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { DomainError } from '../core/errors';
import type { RowBatch } from './table';

const BATCH_ROWS = 2000;

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

interface BookModel {
  sheets?: { name: string; state?: string }[];
}

/** A cell as text; dates as YYYY-MM-DD (Excel stores them as UTC day numbers). */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((r) => r.text).join('');
    }
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

export async function readXlsxRows(
  file: string,
  sheet: string | null,
  fileName: string,
): Promise<{
  info: { sheet: string; sheets: string[] };
  batches: AsyncGenerator<RowBatch>;
  close(): void;
}> {
  // Loaded on first use: it is large, and most imports are CSV.
  const { default: Excel } = await import('exceljs');
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  stream.on('data', (chunk) => (bytesRead += chunk.length));
  const reader = new Excel.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    // Styles are what tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets = (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
  let current: IteratorResult<SheetReader>;
  try {
    current = await sheets.next();
  } catch (error) {
    stream.destroy();
    throw new DomainError(
      'refused',
      `${fileName} could not be read as an Excel workbook: ${(error as Error).message}. Save it again from Excel as .xlsx, or as CSV.`,
    );
  }
  if (current.done) {
    stream.destroy();
    throw new DomainError('refused', `${fileName} has no worksheets.`);
  }
  const names = ((reader as unknown as { model?: BookModel }).model?.sheets ?? []).map(
    (s) => s.name,
  );
  const wanted = sheet ?? names[0] ?? current.value.name;
  while (current.value.name !== wanted) {
    current = await sheets.next();
    if (current.done) {
      stream.destroy();
      throw new DomainError(
        'refused',
        `${fileName} has no worksheet called "${wanted}"; it has ${names.map((n) => `"${n}"`).join(', ')}.`,
      );
    }
  }
  const worksheet = current.value;

  async function* batches(): AsyncGenerator<RowBatch> {
    let numbers: number[] = [];
    let cells: string[][] = [];
    try {
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[];
        const out: string[] = [];
        for (let i = 1; i < values.length; i++) out.push(cellText(values[i]));
        numbers.push(row.number);
        cells.push(out);
        if (cells.length >= BATCH_ROWS) {
          yield { numbers, cells, bytesRead };
          numbers = [];
          cells = [];
        }
      }
      yield { numbers, cells, bytesRead };
    } finally {
      stream.destroy();
    }
  }
  return {
    info: { sheet: wanted, sheets: names.length ? names : [wanted] },
    batches: batches(),
    close: () => stream.destroy(),
  };
}
