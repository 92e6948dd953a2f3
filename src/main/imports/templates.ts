/**
 * Blank templates to download: CSV (header row) and Excel (header row, text and date formats
 * set so Excel keeps ULNs whole and shows dates day/month/year, plus a sheet describing each
 * column).
 */
import { IMPORT_TEMPLATES, type ImportKind } from '@shared/imports';
import { neutraliseCell } from '@shared/csv';

export async function templateFile(
  kind: ImportKind,
  format: 'csv' | 'xlsx',
): Promise<{ fileName: string; base64: string }> {
  const template = IMPORT_TEMPLATES[kind];
  const names = template.columns.map((c) => c.name);
  if (format === 'csv') {
    const csv = `\uFEFF${names.map(neutraliseCell).join(',')}\r\n`;
    return {
      fileName: `iqa-${kind}-template.csv`,
      base64: Buffer.from(csv, 'utf8').toString('base64'),
    };
  }
  // Loaded on first use: it is large, and only template downloads need it here.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'IQA Desk';
  const sheet = book.addWorksheet(template.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = template.columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.max(14, c.name.length + 4),
    style:
      c.type === 'date'
        ? { numFmt: 'dd/mm/yyyy' }
        : c.type === 'uln' || c.type === 'ukprn' || c.type === 'text'
          ? { numFmt: '@' }
          : {},
  }));
  sheet.getRow(1).font = { bold: true };
  const notes = book.addWorksheet('About these columns');
  notes.columns = [
    { header: 'column', key: 'name', width: 28 },
    { header: 'required', key: 'required', width: 10 },
    { header: 'what it holds', key: 'description', width: 80 },
    { header: 'example', key: 'example', width: 28 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of template.columns) {
    notes.addRow({
      name: c.name,
      required: c.required ? 'yes' : 'no',
      description: c.description,
      example: c.example,
    });
  }
  notes.addRow({});
  notes.addRow({
    name: `One row: ${template.row}. Dates as 14/03/2026 or 2026-03-14 (never month first).`,
  });
  const buffer = await book.xlsx.writeBuffer();
  return { fileName: `iqa-${kind}-template.xlsx`, base64: Buffer.from(buffer).toString('base64') };
}
