/**
 * A file whose dates are month first (US order) in places. Dates are never read month first, so
 * 03/14/2026 is refused; the danger is the dates beside it that read either way (03/04/2026),
 * which are taken day first, without a word, as 3 April when the file meant 4 March. The import
 * cannot know for one row, but can for the column, and says so before anything is written.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportHooks } from '../../../src/main/imports/engine';
import { connectionFor, startReader } from '../../../src/main/imports/runner';
import { epaRows, header, row, writeCsv, type Cell } from './files';
import { importFile, problemLines, standardisedApps, storedDecisions } from './helpers';

const newApp = standardisedApps();

/** EPA 1 in ISO dates; EPA 2 typed month first: one date real only that way, two either way. */
function usRows(): Cell[][] {
  return [
    header('decisions'),
    ...epaRows(1),
    ...epaRows(2, [
      { assessment_date: '02/03/2026' },
      { assessment_date: '02/16/2026' },
      { assessment_date: '03/02/2026' },
    ]),
  ];
}

const WARNING =
  '5 assessment_date: assessment_date may be month first in this file (US order): 1 date in it is a real date only month first (row 6: 02/16/2026), so this date (read as 2 March 2026) and 1 other date that reads either way may be wrong. Save the file with dates as day/month/year or YYYY-MM-DD and import it again.';

describe('a decisions file with dates month first in places', () => {
  it('refuses the date real only month first and warns, before importing, that the dates reading either way may be wrong', async () => {
    const app = await newApp();
    const file = writeCsv(path.join(app.dir, 'us-dates.csv'), usRows());
    const preview = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(problemLines(preview, 'error')).toEqual([
      "6 assessment_date: '02/16/2026' has month 16: dates are day/month/year (UK), never US month/day/year",
    ]);
    expect(problemLines(preview, 'warning')).toEqual([WARNING]);
    expect(preview.message).toContain(
      'Check the dates: assessment_date looks month first (US order) in places, so 2 dates that read either way may be wrong (see the warning on row 5).',
    );
    // The preview row shows the warning beside the date as it would be stored.
    const shown = preview.preview.find((r) => r.row === 5);
    expect(shown?.values.assessment_date).toBe('2026-03-02');
    expect(shown?.notes.join(' ')).toContain('may be month first');

    const committed = await importFile(app.ctx, 'decisions', file);
    expect(committed.committed).toBe(true);
    expect(problemLines(committed, 'warning')).toEqual([WARNING]);
    expect(committed.message).toContain('Check the dates: assessment_date looks month first');
    // Read day first, as always: the warning is the user's chance to fix the file.
    expect(storedDecisions(app.ctx).map((d) => [d.ref, d.date])).toEqual([
      ['R1-O-1', '2026-02-02'],
      ['R1-PD-1', '2026-03-02'],
      ['R1-WBP-1', '2026-02-16'],
      ['R2-O-1', '2026-03-02'],
      ['R2-PD-1', '2026-02-03'],
    ]);
  });

  it('says nothing when no date in the column is real only month first', async () => {
    const app = await newApp();
    const rows = usRows().filter((r) => !r.includes('02/16/2026'));
    const file = writeCsv(path.join(app.dir, 'uk-dates.csv'), rows);
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(result.problems).toEqual([]);
    expect(result.message).not.toContain('month first');
  });

  it('says so when a column mixes dates real only day first with some real only month first', async () => {
    // A UK file with a slip, or one put together from two systems: the user is told both counts.
    const app = await newApp();
    const rows = [
      ...usRows(),
      ...epaRows(3, [{ assessment_date: '16/02/2026' }, { assessment_date: '17/02/2026' }]),
    ];
    const file = writeCsv(path.join(app.dir, 'mixed.csv'), rows);
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(problemLines(result, 'warning')).toEqual([
      '5 assessment_date: assessment_date mixes the two orders in this file: 1 date in it is a real date only month first (row 6: 02/16/2026), as in the US, and 2 dates only day first (row 8: 16/02/2026), so this date (read as 2 March 2026) and 1 other date that reads either way may be wrong. Save the file with dates as day/month/year or YYYY-MM-DD and import it again.',
    ]);
    expect(result.message).toContain(
      'Check the dates: assessment_date mixes day-first and month-first (US) dates, so 2 dates that read either way may be wrong (see the warning on row 5).',
    );
  });

  it('warns the same when a large file is read on a thread of its own', async () => {
    const app = await newApp();
    const file = writeCsv(path.join(app.dir, 'us-dates.csv'), usRows());
    let started = 0;
    const hooks: ImportHooks = {
      readAhead: {
        minBytes: 0,
        start: (taken) => {
          started++;
          return startReader({ taken, connection: connectionFor(app.ctx) });
        },
      },
    };
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' }, hooks);
    expect(started).toBe(1);
    expect(problemLines(result, 'warning')).toEqual([WARNING]);
    expect(result.message).toContain('so 2 dates that read either way may be wrong');
  });
});

describe('other imports with dates month first in places', () => {
  it('warns about a standardisation file’s event dates', async () => {
    const app = await newApp();
    const s = (event_date: string, assessor_ref: string): Cell[] =>
      row('standardisation', {
        event_date,
        event_title: 'ST0071 spring standardisation',
        assessor_ref,
        attended: 'yes',
      });
    const file = writeCsv(path.join(app.dir, 'std.csv'), [
      header('standardisation'),
      s('03/10/2026', 'IA001'),
      s('03/20/2026', 'IA002'),
    ]);
    const result = await importFile(app.ctx, 'standardisation', file, { mode: 'preview' });
    expect(problemLines(result, 'warning')).toEqual([
      '2 event_date: event_date may be month first in this file (US order): 1 date in it is a real date only month first (row 3: 03/20/2026), so this date (read as 3 October 2026) may be wrong. Save the file with dates as day/month/year or YYYY-MM-DD and import it again.',
    ]);
  });
});
