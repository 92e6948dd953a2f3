/**
 * Client-side routing by hash (`#/dashboard`), so links work the same under Electron's `app://`
 * scheme and over http, with no router library.
 */
import { useSyncExternalStore } from 'react';
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

export function navigate(page: PageId): void {
  window.location.hash = `/${page}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): PageId {
  return useSyncExternalStore(
    subscribe,
    () => pageFromHash(window.location.hash),
    () => DEFAULT_PAGE,
  );
}
