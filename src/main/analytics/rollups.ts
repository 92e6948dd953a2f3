/**
 * The month roll-ups (migration analytics_rollups): counts per assessor, calendar month and
 * method of what the dashboard scans count. A period is read as its whole calendar months from
 * a roll-up plus its partial months at either end from the source table, so a year costs a few
 * thousand roll-up rows and at most two months of source rows, and the figures are exactly
 * those of a scan of the whole period.
 */
import type { AppContext } from '../core/context';

export interface DateRange {
  from: string;
  to: string;
}

export interface PeriodParts {
  /** First and last whole month ('YYYY-MM') inside the period, or null if there is none. */
  months: DateRange | null;
  /** The rest of the period, in days, read from the source tables. */
  edges: DateRange[];
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
}

function lastDay(month: string): string {
  return shiftDay(`${shiftMonth(month, 1)}-01`, -1);
}

export function splitPeriod(from: string, to: string): PeriodParts {
  if (from > to) return { months: null, edges: [] };
  const first = from.endsWith('-01') ? from.slice(0, 7) : shiftMonth(from.slice(0, 7), 1);
  const last = to === lastDay(to.slice(0, 7)) ? to.slice(0, 7) : shiftMonth(to.slice(0, 7), -1);
  if (first > last) return { months: null, edges: [{ from, to }] };
  const edges: DateRange[] = [];
  if (from < `${first}-01`) edges.push({ from, to: shiftDay(`${first}-01`, -1) });
  if (to > lastDay(last)) edges.push({ from: shiftDay(lastDay(last), 1), to });
  return { months: { from: first, to: last }, edges };
}

export type CountRow = (string | number)[];

function compareKeys(a: CountRow, b: CountRow): number {
  for (let i = 0; i < a.length - 1; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Rows whose last column is a count, summed over equal keys (the other columns) and sorted by
 * them, as one GROUP BY over the whole period would have returned them.
 */
export function mergeCounts<T extends CountRow>(parts: T[][]): T[] {
  const byKey = new Map<string, T>();
  for (const rows of parts) {
    for (const row of rows) {
      const key = JSON.stringify(row.slice(0, -1));
      const seen = byKey.get(key);
      if (seen)
        (seen as CountRow)[row.length - 1] = (seen.at(-1) as number) + (row.at(-1) as number);
      else byKey.set(key, [...row] as T);
    }
  }
  return [...byKey.values()].sort(compareKeys);
}

/**
 * One count query over a period: `rollup` over the whole months (its first two parameters are
 * the first and last month), `source` over each partial month (its first two are the days).
 */
export function readByParts<T extends CountRow>(
  ctx: AppContext,
  period: DateRange,
  rollup: string,
  source: string,
  params: (string | number)[],
): T[] {
  const parts = splitPeriod(period.from, period.to);
  const out: T[][] = [];
  if (parts.months)
    out.push(
      ctx.sqlite
        .prepare(rollup)
        .raw(true)
        .all(parts.months.from, parts.months.to, ...params) as T[],
    );
  for (const e of parts.edges)
    out.push(
      ctx.sqlite
        .prepare(source)
        .raw(true)
        .all(e.from, e.to, ...params) as T[],
    );
  return mergeCounts(out);
}

/** The roll-up triggers on decisions, which a bulk import drops and recreates. */
export const DECISION_ROLLUP_TRIGGERS = [
  'analytics_rollup_decision_insert',
  'analytics_rollup_decision_delete',
  'analytics_rollup_decision_update',
];

/** Refills the decisions roll-up from the decisions, as the migration first filled it. */
export function rebuildDecisionMonths(ctx: AppContext): void {
  ctx.sqlite.exec(`DELETE FROM analytics_decision_months;
    INSERT INTO analytics_decision_months (assessor_id, grade, status, month, method_id, n)
      SELECT assessor_id, grade, status, substr(assessment_date, 1, 7), method_id, count(*)
      FROM decisions GROUP BY 1, 2, 3, 4, 5;`);
}
