/**
 * A file whose dates are month first (a US export) in places. Dates are read day first, never
 * month first, so 03/14/2026 is refused; but 03/04/2026 in the same column reads either way and
 * is taken as 3 April, which a month-first file meant as 4 March. One row cannot tell; the column
 * can: the import warns once per column, on the first date that reads either way, and says so in
 * its result, so the user sees it in the preview before anything is written.
 */
import { dateOrder, longDate, parseDate, templateColumns, type ImportKind } from '@shared/imports';
import { plural } from '@shared/labels';

interface Seen {
  count: number;
  row: number;
  value: string;
}

type Order = NonNullable<ReturnType<typeof dateOrder>>;

/** Per template column, per way its dates can be read: how many, and the first. */
export type DateOrderSummary = Record<string, Partial<Record<Order, Seen>>>;

/** Distinct texts remembered: a file of ever-new texts stops being remembered, not its memory. */
const MAX_REMEMBERED = 10_000;

export class DateOrderWatch {
  private readonly dateColumns: { name: string; at: number }[];
  private readonly orders = new Map<string, Order | null>();
  private readonly seen: DateOrderSummary = {};

  constructor(kind: ImportKind) {
    this.dateColumns = templateColumns(kind).flatMap((c, at) =>
      c.type === 'date' ? [{ name: c.name, at }] : [],
    );
  }

  /** `values`: one per template column, in template order, as a processor receives them. */
  row(n: number, values: readonly string[]): void {
    for (const { name, at } of this.dateColumns) {
      const text = values[at] as string;
      // 1/2/26 at the shortest; longer is a date with a time, or not one written in numbers.
      if (text.length < 6 || text.length > 40) continue;
      let order = this.orders.get(text);
      if (order === undefined) {
        order = dateOrder(text);
        if (this.orders.size < MAX_REMEMBERED) this.orders.set(text, order);
      }
      if (order === null) continue;
      const column = (this.seen[name] ??= {});
      const was = column[order];
      if (was) was.count++;
      else column[order] = { count: 1, row: n, value: text };
    }
  }

  /** Adds what another thread saw of the same file's rows (each row is seen by one thread). */
  merge(other: DateOrderSummary): void {
    for (const [name, theirs] of Object.entries(other)) {
      const mine = (this.seen[name] ??= {});
      for (const [order, t] of Object.entries(theirs) as [Order, Seen][]) {
        const m = mine[order];
        if (!m) mine[order] = { ...t };
        else {
          m.count += t.count;
          if (t.row < m.row) Object.assign(m, { row: t.row, value: t.value });
        }
      }
    }
  }

  summary(): DateOrderSummary {
    return this.seen;
  }

  /**
   * Warns, once per column with dates real only month first and dates that read either way, on
   * its first date that reads either way; returns the sentences for the import's result.
   */
  report(
    warn: (row: number, column: string, value: string, message: string) => void,
    /** Template column → the file's own heading, where they differ: the name the user knows. */
    headings: Readonly<Record<string, string>> = {},
  ): string[] {
    const sentences: string[] = [];
    for (const [name, seen] of Object.entries(this.seen)) {
      const { either, 'month-first': us, 'day-first': uk } = seen;
      if (!us || !either) continue;
      const heading = headings[name];
      const label = heading === undefined ? name : `${heading} (${name})`;
      const read = parseDate(either.value);
      const readAs = read.ok ? ` (read as ${longDate(read.value)})` : '';
      const others = either.count - 1;
      const also =
        others > 0
          ? ` and ${plural(others, 'other date')} that ${others === 1 ? 'reads' : 'read'} either way`
          : '';
      const usOnly = `${plural(us.count, 'date')} in it ${us.count === 1 ? 'is a real date' : 'are real dates'} only month first (row ${us.row}: ${us.value})`;
      // A UK file with a slip or two, or a file put together from two sources: the user knows.
      const why = uk
        ? `${label} mixes the two orders in this file: ${usOnly}, as in the US, and ${plural(uk.count, 'date')} only day first (row ${uk.row}: ${uk.value})`
        : `${label} may be month first in this file (US order): ${usOnly}`;
      warn(
        either.row,
        name,
        either.value,
        `${why}, so this date${readAs}${also} may be wrong. Save the file with dates as day/month/year or YYYY-MM-DD and import it again.`,
      );
      sentences.push(
        `Check the dates: ${label} ${uk ? 'mixes day-first and month-first (US) dates' : 'looks month first (US order) in places'}, so ${plural(either.count, 'date')} that ${either.count === 1 ? 'reads' : 'read'} either way may be wrong (see the warning on row ${either.row}).`,
      );
    }
    return sentences;
  }
}
