/**
 * Text saved inline in a cell in formatted parts: <is><r><t>Smith, Jones </t></r><r><rPr><b/>
 * </rPr><t>&amp; Partners</t></r></is>. Workbooks written without a shared-string table save
 * formatted text so (exceljs's own streaming writer, and the web platforms' exports built on it);
 * exceljs's streaming reader keeps only the last part ("& Partners"). So a sheet's XML is looked
 * through on its way to exceljs for cells with such parts (`<r>`), and their whole text kept
 * until the row is read: see CellWatch.
 */
import { CellWatch, type FoundCell } from './xlsx-cells';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its character references replaced by what they stand for. */
function xmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

export class InlineRichText extends CellWatch {
  protected readonly markers = [Buffer.from('<r>'), Buffer.from('<r ')];

  protected read({ tag, xml }: FoundCell): string | undefined {
    if (!/\st=["']inlineStr["']/.test(tag)) return undefined;
    const open = xml.indexOf('<is>');
    const close = xml.lastIndexOf('</is>');
    if (open < 0 || close < open) return undefined;
    // Phonetic guides (<rPh>, the reading of Japanese text) are not part of what Excel shows.
    const body = xml.slice(open + 4, close).replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
    let text = '';
    for (const part of body.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) text += part[1] as string;
    return xmlText(text);
  }
}
