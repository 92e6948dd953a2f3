/**
 * The calendar date in England at an instant. EPAOs work to English dates: in British Summer
 * Time, 00:30 on 16 June is 23:30 on 15 June in UTC, and an assessment held on the 16th must
 * not be "in the future" then.
 */
const ENGLAND = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD in England (Europe/London) at `instant`. */
export function englishDate(instant: Date): string {
  const parts = Object.fromEntries(
    ENGLAND.formatToParts(instant).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.year}-${parts.month}-${parts.day}`;
}
