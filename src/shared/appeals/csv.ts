/**
 * CSV cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the
 * start) are prefixed with an apostrophe, so an exported register cannot run anything when
 * opened (OWASP "CSV injection").
 */
export function neutraliseCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (typeof value === 'number') return text;
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return cells.map(neutraliseCell).join(',');
}
