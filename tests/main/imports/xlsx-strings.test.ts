import { describe, expect, it } from 'vitest';
import { SharedStrings } from '../../../src/main/imports/xlsx-strings';

describe("a workbook's shared-string table", () => {
  it('gives back every entry as it was added, well past its first allocation', () => {
    const table = new SharedStrings();
    const entries: string[] = [];
    // 20,000 entries of up to ~40 bytes: past the first 64 KiB of text and 4,096 offsets.
    for (let i = 0; i < 20_000; i++) {
      const text = i % 7 === 0 ? '' : `${i % 3 === 0 ? 'Zoë O’Neil · 学徒 ' : 'REF-'}${i}`;
      entries.push(text);
      table.push(text);
    }
    expect(table.size).toBe(20_000);
    for (let i = 0; i < entries.length; i++) expect(table.get(i)).toBe(entries[i]);
  });

  it('has nothing at an index it does not hold', () => {
    const table = new SharedStrings();
    table.push('only');
    expect(table.get(0)).toBe('only');
    expect(table.get(1)).toBeUndefined();
    expect(table.get(-1)).toBeUndefined();
    expect(table.get(0.5)).toBeUndefined();
  });
});
