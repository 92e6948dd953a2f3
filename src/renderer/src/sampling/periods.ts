/** Plan periods as the lead thinks of them (a month, a quarter) turned into dates. */

const pad = (n: number): string => String(n).padStart(2, '0');

export function monthEnd(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

/** `2026-11` → 1 to 30 November 2026. */
export function monthPeriod(month: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12) return null;
  return { from: `${y}-${pad(mo)}-01`, to: monthEnd(y, mo) };
}

/** Quarters of the calendar year: Q1 is January to March. */
export function quarterPeriod(year: number, quarter: number): { from: string; to: string } {
  const first = (quarter - 1) * 3 + 1;
  return { from: `${year}-${pad(first)}-01`, to: monthEnd(year, first + 2) };
}

/** The month before the one `today` (YYYY-MM-DD) falls in, as YYYY-MM. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

export function quarterOf(today: string): { year: number; quarter: number } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return { year: y, quarter: Math.floor((m - 1) / 3) + 1 };
}
