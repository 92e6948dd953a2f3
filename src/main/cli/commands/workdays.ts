import { englandAndWales } from '@shared/calendar';
import { type CliCommand, UsageError } from '../types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const workdaysCommand: CliCommand = {
  name: 'workdays',
  summary: 'Print the date N working days after DATE (England and Wales), to check the calendar',
  usage: 'workdays --from DATE --days N [--json]',
  options: {
    from: { type: 'string', description: 'start date (YYYY-MM-DD); counting starts the day after' },
    days: { type: 'string', description: 'number of working days (negative counts back)' },
  },
  run(_ctx, { positionals, values, json }, io) {
    if (positionals.length) throw new UsageError(`Unexpected "${positionals.join(' ')}"`);
    const from = typeof values.from === 'string' ? values.from : '';
    const daysText = typeof values.days === 'string' ? values.days : '';
    if (!DATE.test(from)) throw new UsageError('--from is required, as YYYY-MM-DD');
    if (!/^-?\d+$/.test(daysText)) throw new UsageError('--days is required, as a whole number');
    let result;
    try {
      result = englandAndWales.addDays(from, Number(daysText), 'working');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const coverage = englandAndWales.coverage();
    const warning = result.beyondCoverage
      ? `warning: the bank holiday list covers ${coverage.firstYear} to ${coverage.lastYear} (snapshot ${coverage.snapshotTaken}); after that only weekends are skipped.`
      : null;
    if (json) {
      io.out(
        JSON.stringify({
          from,
          days: Number(daysText),
          due_date: result.date,
          beyond_coverage: result.beyondCoverage,
          covered_years: [coverage.firstYear, coverage.lastYear],
        }),
      );
    } else {
      io.out(result.date);
      if (warning) io.err(warning);
    }
    return 0;
  },
};
