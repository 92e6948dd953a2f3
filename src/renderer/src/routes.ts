/**
 * Client-side routing by hash (`#/dashboard`), so links work the same under Electron's `app://`
 * scheme and over http, with no router library.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { Labels } from '@shared/labels';

export const PAGES = [
  { id: 'dashboard', title: 'Dashboard' },
  { id: 'moderation', title: 'Moderation queue' },
  { id: 'sampling', title: 'Sampling' },
  { id: 'assessors', title: 'Assessors & standardisation' }, // sector word from labels
  { id: 'appeals', title: 'Appeals' },
  { id: 'imports', title: 'Imports' },
  { id: 'settings', title: 'Settings' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export const DEFAULT_PAGE: PageId = 'dashboard';

export function isPageId(value: string): value is PageId {
  return PAGES.some((p) => p.id === value);
}

/** Page names as shown, with the sector's words taken from the labels. */
export function pageTitle(page: PageId, labels: Labels): string {
  if (page === 'assessors') return `Assessors & ${labels.standardisation}`;
  return PAGES.find((p) => p.id === page)?.title ?? page;
}

export function hrefFor(page: PageId): string {
  return `#/${page}`;
}

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isPageId(id) ? id : DEFAULT_PAGE;
}

export function navigate(page: PageId, query?: QueryValues): void {
  window.location.hash = hashFor(page, query).slice(1);
}

/**
 * Drill-down links carry a page's filters after `?` in the hash (`#/moderation?assessor=IA007`),
 * so a view can be bookmarked and shared. Values are strings in the URL; pages parse their own.
 */
export type QueryValues = Record<string, string | number | boolean | null | undefined>;

/** The query part of a hash as a plain record (the last value wins for a repeated key). */
export function queryFromHash(hash: string): Record<string, string> {
  const at = hash.indexOf('?');
  if (at < 0) return {};
  return Object.fromEntries(new URLSearchParams(hash.slice(at + 1)));
}

/** `#/page?key=value`, leaving out empty values and `false`, writing `true` as 1. */
export function hashFor(page: PageId, query: QueryValues = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, value === true ? '1' : String(value));
  }
  const text = params.toString().replace(/\+/g, '%20');
  return `#/${page}${text ? `?${text}` : ''}`;
}

/**
 * Replaces the current hash's query without adding a history entry for each keystroke, and
 * tells listeners (useHashQuery), since replaceState fires no hashchange of its own.
 */
export function setHashQuery(page: PageId, query: QueryValues): void {
  const next = hashFor(page, query);
  if (next === window.location.hash) return;
  window.history.replaceState(window.history.state, '', next);
  window.dispatchEvent(new Event(QUERY_EVENT));
}

const QUERY_EVENT = 'iqa:hashquery';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(QUERY_EVENT, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(QUERY_EVENT, onChange);
  };
}

/** The current hash's query string, re-rendering when it changes (by link or by setHashQuery). */
export function useHashQuery(): Record<string, string> {
  const text = useSyncExternalStore(
    subscribe,
    () => {
      const hash = window.location.hash;
      const at = hash.indexOf('?');
      return at < 0 ? '' : hash.slice(at);
    },
    () => '',
  );
  return useMemo(() => queryFromHash(text), [text]);
}

export function useRoute(): PageId {
  return useSyncExternalStore(
    subscribe,
    () => pageFromHash(window.location.hash),
    () => DEFAULT_PAGE,
  );
}
