import { describe, expect, it } from 'vitest';
import { MergedCells, parseRange } from '../../../src/main/imports/xlsx-merges';

const XML =
  '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>' +
  '<mergeCells count="3"><mergeCell ref="A2:A4"/><mergeCell ref="B2:C9"/><mergeCell ref="AA10:AB10"/></mergeCells>';

async function rangesOf(chunks: string[]): Promise<string[]> {
  const merges = new MergedCells();
  async function* source(): AsyncGenerator<Buffer> {
    for (const c of chunks) yield Buffer.from(c, 'utf8');
  }
  let passed = '';
  for await (const c of merges.watch(source())) passed += c.toString();
  expect(passed).toBe(chunks.join(''));
  return merges.ranges.map((r) => `${r.top},${r.left}:${r.bottom},${r.right}`);
}

describe('merged cells in a sheet', () => {
  it('finds every merge, wherever the chunks of the XML are cut', async () => {
    const expected = ['2,1:4,1', '2,2:9,3', '10,27:10,28'];
    for (let cut = 1; cut < XML.length; cut++) {
      expect(await rangesOf([XML.slice(0, cut), XML.slice(cut)])).toEqual(expected);
    }
    expect(await rangesOf([...XML])).toEqual(expected);
  });

  it('reads absolute references and refuses what is not a range', () => {
    expect(parseRange('$A$2:$B$3')).toEqual({ top: 2, left: 1, bottom: 3, right: 2 });
    expect(parseRange('A1')).toBeUndefined();
    expect(parseRange('not a range')).toBeUndefined();
  });
});
