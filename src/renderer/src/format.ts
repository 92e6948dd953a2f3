/** British formats for numbers and dates, in one place so every screen reads the same. */
import type { UserRole } from '@shared/contract';
import { capitalise } from '@shared/labels';

const numberFormat = new Intl.NumberFormat('en-GB');
const percentFormat = new Intl.NumberFormat('en-GB', {
  style: 'percent',
  maximumFractionDigits: 0,
});
// Dates from the database are calendar dates; formatting them in UTC stops a local offset
// turning 1 March into 28 February.
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const timestampFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export function formatPercent(share: number): string {
  return percentFormat.format(share);
}

/** `2025-03-01` → `1 Mar 2025`; anything unreadable is shown as it came. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  return dateFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** `2025-03` → `Mar 2025`. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return monthFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

/** An ISO timestamp in the user's local time. */
export function formatTimestamp(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : timestampFormat.format(t);
}

export const ROLE_NAMES: Record<UserRole, string> = {
  iqa_lead: 'IQA lead',
  moderator: 'Moderator',
  read_only: 'Read only',
};

export function roleName(role: UserRole): string {
  return ROLE_NAMES[role];
}

/** `awaiting_confirmation` → `Awaiting confirmation`. */
export function humanise(code: string): string {
  return capitalise(code.replace(/[_-]+/g, ' ').trim());
}

/** Sums a record of counts, for totals the contract leaves to the screen. */
export function sumCounts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
