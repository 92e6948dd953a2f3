/**
 * The dashboard's tab and filters live in the hash (`#/dashboard?tab=consistency&from=...`), so a
 * view can be bookmarked, shared and returned to with Back after a drill-down.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { AnalyticsFilter } from '@shared/contract';
import { hashParams } from '../links';

export const TABS = [
  { id: 'overview', title: 'Overview' },
  { id: 'consistency', title: 'Assessor consistency' },
] as const;
export type Tab = (typeof TABS)[number]['id'];

export interface DashboardState {
  tab: Tab;
  filter: AnalyticsFilter;
}

const FILTER_KEYS = ['standard', 'version', 'method', 'provider', 'employer', 'assessor'] as const;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The twelve months to today. */
export function defaultPeriod(now: Date = new Date()): { from: string; to: string } {
  const to = isoDate(now);
  const from = new Date(
    Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate() + 1),
  );
  return { from: isoDate(from), to };
}

export function readState(hash: string): DashboardState {
  const q = hashParams(hash);
  const period = defaultPeriod();
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const filter: AnalyticsFilter = {
    from: ISO.test(from) ? from : period.from,
    to: ISO.test(to) ? to : period.to,
  };
  for (const k of FILTER_KEYS) {
    const v = q.get(k);
    if (v) filter[k] = v;
  }
  const tab = q.get('tab') === 'consistency' ? 'consistency' : 'overview';
  return { tab, filter };
}

export function dashboardHref(state: DashboardState): string {
  const q = new URLSearchParams();
  if (state.tab !== 'overview') q.set('tab', state.tab);
  q.set('from', state.filter.from);
  q.set('to', state.filter.to);
  for (const k of FILTER_KEYS) {
    const v = state.filter[k];
    if (v) q.set(k, v);
  }
  return `#/dashboard?${q.toString()}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useDashboardState(): [DashboardState, (next: DashboardState) => void] {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  );
  // Parsed per render from a string, so consumers get a fresh object only when the hash changes.
  const state = readState(hash);
  const set = useCallback((next: DashboardState) => {
    const href = dashboardHref(next);
    // Filters replace the entry rather than stacking up history.
    window.location.replace(`${window.location.pathname}${window.location.search}${href}`);
  }, []);
  return [state, set];
}
