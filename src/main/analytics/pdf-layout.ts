/**
 * Small layout helpers for the evidence pack on pdfkit: headings that keep with what follows,
 * tables that repeat their header on a new page, and page footers written after layout.
 */
import type PDFKit from 'pdfkit';

export type Doc = PDFKit.PDFDocument;

/**
 * A new document. pdfkit is loaded on the first PDF rather than with the app: it takes about
 * 150 ms and 25 MB to load, which every start (and every import worker) would otherwise pay.
 */
export async function newPdf(options: PDFKit.PDFDocumentOptions): Promise<Doc> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument(options);
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

const BOTTOM_MARGIN = 60;

function room(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - BOTTOM_MARGIN) doc.addPage();
}

export function heading(doc: Doc, text: string, level: 1 | 2 = 1): void {
  room(doc, level === 1 ? 90 : 60);
  doc.moveDown(level === 1 ? 0.8 : 0.5);
  doc
    .font('Helvetica-Bold')
    .fontSize(level === 1 ? 14 : 11)
    .fillColor('#000')
    .text(text, doc.page.margins.left);
  doc.moveDown(0.3);
}

export function paragraph(doc: Doc, text: string, options: { muted?: boolean } = {}): void {
  room(doc, 30);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(options.muted ? '#444' : '#000')
    .text(text, doc.page.margins.left, doc.y, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
    });
  doc.fillColor('#000').moveDown(0.4);
}

export function facts(doc: Doc, rows: [string, string][]): void {
  for (const [label, value] of rows) {
    room(doc, 16);
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(`${label}: `, doc.page.margins.left, doc.y, { continued: true })
      .font('Helvetica')
      .text(value);
  }
  doc.moveDown(0.4);
}

function drawRow(
  doc: Doc,
  columns: Column[],
  cells: string[],
  bold: boolean,
  onNewPage?: () => void,
): void {
  const left = doc.page.margins.left;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
  const heights = columns.map((c, i) => doc.heightOfString(cells[i] ?? '', { width: c.width - 4 }));
  const h = Math.max(11, ...heights) + 3;
  if (doc.y + h > doc.page.height - BOTTOM_MARGIN) {
    doc.addPage();
    onNewPage?.();
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
  }
  const y = doc.y;
  let x = left;
  columns.forEach((c, i) => {
    doc.text(cells[i] ?? '', x + 2, y + 1.5, { width: c.width - 4, align: c.align ?? 'left' });
    x += c.width;
  });
  const width = columns.reduce((s, c) => s + c.width, 0);
  doc
    .moveTo(left, y + h)
    .lineTo(left + width, y + h)
    .lineWidth(bold ? 0.8 : 0.3)
    .strokeColor(bold ? '#555' : '#bbb')
    .stroke();
  doc.x = left;
  doc.y = y + h;
}

/** A table; the header is repeated at the top of each new page it runs onto. */
export function table(doc: Doc, columns: Column[], rows: string[][], empty = 'None.'): void {
  if (rows.length === 0) {
    paragraph(doc, empty, { muted: true });
    return;
  }
  room(doc, 40);
  const header = (): void =>
    drawRow(
      doc,
      columns,
      columns.map((c) => c.header),
      true,
    );
  header();
  for (const row of rows) drawRow(doc, columns, row, false, header);
  doc.moveDown(0.6);
}

/** Writes "Page n of N" and a footer line on every page; call once layout is complete. */
export function footers(doc: Doc, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - 40;
    // Writing inside the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor('#555')
      .text(`${text}  ·  Page ${i + 1} of ${range.count}`, doc.page.margins.left, y, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000');
}
