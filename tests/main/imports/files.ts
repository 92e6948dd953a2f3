/**
 * Real import files for tests: CSV written by papaparse's unparser in the encodings, separators
 * and line endings people's software produces, and XLSX written by exceljs (a real spreadsheet
 * library: shared strings, styles, date cells), never hand-made XML.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { makeUln } from '../../../src/shared/identifiers';
import { templateColumns, type ImportKind } from '../../../src/shared/imports';

export type Cell = string | number | Date | null;

export interface CsvOptions {
  delimiter?: ',' | ';' | '\t';
  newline?: '\r\n' | '\n';
  encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le';
  /** Excel's "sep=;" first line. */
  sepLine?: boolean;
  /** Lines above the header (report titles). */
  preamble?: string[][];
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F; these are the characters we use there.
const CP1252: Record<string, number> = {
  '€': 0x80,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
};

function encode1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = CP1252[ch] ?? ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`'${ch}' cannot be written in Windows-1252`);
    out[i] = code;
  }
  return out;
}

export function writeCsv(file: string, rows: Cell[][], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\r\n';
  const text = (value: Cell): string =>
    value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  const body = Papa.unparse(
    [...(options.preamble ?? []), ...rows].map((r) => r.map(text)),
    { delimiter, newline },
  );
  const content = `${options.sepLine ? `sep=${delimiter}${newline}` : ''}${body}${newline}`;
  const encoding = options.encoding ?? 'utf-8';
  const bytes =
    encoding === 'windows-1252'
      ? encode1252(content)
      : encoding === 'utf-16le'
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')])
        : Buffer.concat([
            encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
            Buffer.from(content, 'utf8'),
          ]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Column number formats by header name, e.g. { assessment_date: 'dd/mm/yyyy' }. */
  formats?: Record<string, string>;
  /** Hidden in Excel (Format > Hide), as lookup and drop-down lists often are. */
  hidden?: boolean;
}

export async function writeXlsx(file: string, sheets: SheetSpec[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = book.addWorksheet(spec.name);
    if (spec.hidden) sheet.state = 'hidden';
    for (const row of spec.rows) sheet.addRow(row.map((c) => (c === null ? undefined : c)));
    const header = spec.rows[0] ?? [];
    for (const [name, format] of Object.entries(spec.formats ?? {})) {
      const at = header.indexOf(name);
      if (at >= 0) sheet.getColumn(at + 1).numFmt = format;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await book.xlsx.writeFile(file);
  return file;
}

/** The n-th valid test ULN (distinct, check digit right). */
/** Another platform's decisions export (the headings) and the mapping that reads it. */
export const EPA_PRO_HEADERS = [
  'Learner ULN',
  'Standard',
  'Component',
  'Assessor',
  'Date',
  'Result',
];
export const EPA_PRO_MAPPING = {
  uln: 'Learner ULN',
  standard_code: 'Standard',
  method: 'Component',
  assessor_ref: 'Assessor',
  assessment_date: 'Date',
  grade: 'Result',
};

export function uln(n: number): string {
  for (let k = 0; ; k++) {
    const u = makeUln(String(300_000_000 + n * 10 + k));
    if (u) return u;
  }
}

/** A row of a template as an array, from the columns given (others blank). */
export function row(kind: ImportKind, values: Record<string, Cell>): Cell[] {
  return templateColumns(kind).map((c) => values[c.name] ?? null);
}

export function header(kind: ImportKind): string[] {
  return templateColumns(kind).map((c) => c.name);
}

/** One apprentice's EPA: the three ST0071 methods, passed, with measures inside the limits. */
export function epaRows(n: number, overrides: Record<string, Cell>[] = []): Cell[][] {
  const base = {
    uln: uln(n),
    given_name: 'Zoë',
    family_name: `Brontë ${n}`,
    employer: 'Café Royal £ Ltd',
    provider_ukprn: '10012345',
    provider_name: 'Leeds College',
    standard_code: 'ST0071',
    standard_version: '1.1',
    gateway_date: '2026-01-12',
    assessor_ref: 'IA001',
    assessor_name: 'Dana Hughes',
    grade: 'Pass',
    exceptional_circumstances: 'no',
  };
  const methods: Record<string, Cell>[] = [
    {
      decision_ref: `R${n}-O-1`,
      method: 'O',
      assessment_date: '2026-02-02',
      duration_minutes: 60,
      questioning_minutes: 8,
    },
    {
      decision_ref: `R${n}-WBP-1`,
      method: 'WBP',
      assessment_date: '2026-02-16',
      duration_minutes: 58,
      word_count: 2480,
    },
    {
      decision_ref: `R${n}-PD-1`,
      method: 'PD',
      assessment_date: '2026-03-02',
      duration_minutes: 61,
      evidence_pieces: 12,
    },
  ];
  return methods.map((m, i) =>
    row('decisions', { ...base, attempt: 1, ...m, ...(overrides[i] ?? {}) }),
  );
}

/**
 * EPA n: its observation graded `first` (a fail unless told), then re-sat (attempt 2, by Sam Lee)
 * with `grade`, without exceptional circumstances unless `extra` records them; the other methods
 * passed.
 */
export function resitRows(
  n: number,
  grade: string,
  extra: Record<string, Cell> = {},
  first: Record<string, Cell> = { grade: 'Fail' },
): Cell[][] {
  return [
    ...epaRows(n, [first]),
    row('decisions', {
      decision_ref: `R${n}-O-2`,
      uln: uln(n),
      standard_code: 'ST0071',
      standard_version: '1.1',
      gateway_date: '2026-01-12',
      method: 'O',
      attempt: 2,
      assessor_ref: 'IA002',
      assessor_name: 'Sam Lee',
      assessment_date: '2026-03-23',
      grade,
      duration_minutes: 60,
      questioning_minutes: 8,
      exceptional_circumstances: 'no',
      ...extra,
    }),
  ];
}

/** A decisions CSV of `epas` EPAs (epaRows 1 to epas, each with the same overrides). */
export function epasCsv(
  file: string,
  epas: number,
  overrides: Record<string, Cell>[] = [],
): string {
  const rows: Cell[][] = [header('decisions')];
  for (let n = 1; n <= epas; n++) rows.push(...epaRows(n, overrides));
  return writeCsv(file, rows);
}
