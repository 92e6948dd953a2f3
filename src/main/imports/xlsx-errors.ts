/**
 * The errors a workbook saved as its formulas' results (#DIV/0!, #N/A...), by cell. exceljs's
 * streaming reader turns a formula's saved result into a number, so an error's name becomes NaN
 * and is lost; but what the user sees in Excel is the error, not the formula, and a refusal
 * must name what they see. So a sheet's XML is looked through on its way to exceljs for error
 * cells (`t="e"`): see CellWatch.
 */
import { CellWatch, type FoundCell } from './xlsx-cells';

export class FormulaErrors extends CellWatch {
  protected readonly markers = [Buffer.from('t="e"'), Buffer.from("t='e'")];

  protected read({ tag, xml }: FoundCell): string | undefined {
    // The marker must be an attribute of the cell, not text inside another element.
    if (!/\st=["']e["']/.test(tag)) return undefined;
    const value = /<v>([^<]*)<\/v>/.exec(xml);
    if (!value || !xml.includes('<f')) return undefined;
    return value[1] as string;
  }
}
