/**
 * CSV for exports a spreadsheet will open. Cells a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab, carriage return or NUL) are prefixed with an apostrophe, so an exported
 * list cannot run anything when opened (OWASP "CSV injection"). Numbers are left alone.
 */
export type CsvCell = string | number | boolean | null | undefined;

export function neutraliseCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (typeof value === 'number') return text;
  // Text that already starts with apostrophes before such a character gets one more, so that
  // reading the file back (dropping one) is never ambiguous.
  const safe = /^'*[=+\-@\t\r\0]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell's text as it was before neutraliseCell, for reading back a CSV this module wrote. */
export function unneutraliseCell(text: string): string {
  return /^'+[=+\-@\t\r\0]/.test(text) ? text.slice(1) : text;
}

export function csvLine(cells: CsvCell[]): string {
  return cells.map(neutraliseCell).join(',');
}

/** Lines joined with CRLF and a byte-order mark, which Excel needs to read UTF-8. */
export function csvDocument(lines: string[]): string {
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
