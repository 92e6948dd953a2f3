/**
 * A workbook's shared-string table, kept as UTF-8 bytes and offsets instead of one JS string
 * per entry. Excel stores every distinct text once in this table and the whole table is held
 * while the sheet is read, so a 1M-row export with a unique reference per row carries a million
 * entries: as exceljs's own array of strings that import peaked at 761 MB, and at 433 MB with
 * this table.
 */
export class SharedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** ends[i] is where entry i stops in bytes; it starts where entry i - 1 stops. */
  private ends = new Float64Array(1 << 12);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(text: string): void {
    const need = Buffer.byteLength(text, 'utf8');
    if (this.used + need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
    if (this.count === this.ends.length) {
      const grown = new Float64Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  /** Entry `index` as text; undefined for an index the table does not have. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count) || !Number.isInteger(index)) return undefined;
    const start = index === 0 ? 0 : this.ends[index - 1];
    return this.bytes.toString('utf8', start, this.ends[index]);
  }
}
