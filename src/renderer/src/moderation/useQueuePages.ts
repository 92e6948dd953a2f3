import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueFilter, QueueRowDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { emit } from '../e2e';
import type { QueueSort } from './query';

export const PAGE_SIZE = 200;

interface Pages {
  key: string;
  total: number | null;
  rows: Map<number, QueueRowDto[]>;
  error: string | null;
}

/**
 * The queue a page at a time: the total comes with the first page, and further pages are asked
 * for as the table scrolls to them (offset and limit; sorting and filtering stay in SQL). A new
 * filter or sort starts again; `refresh` reloads the pages on screen after a change.
 */
export function useQueuePages(filter: QueueFilter, sort: QueueSort) {
  const key = JSON.stringify([filter, sort]);
  const [state, setState] = useState<Pages>({ key, total: null, rows: new Map(), error: null });
  const inflight = useRef(new Set<string>());
  const generation = useRef(0);

  const load = useCallback((page: number, forKey: string, gen: number): void => {
    const id = `${forKey}#${page}#${gen}`;
    if (inflight.current.has(id)) return;
    inflight.current.add(id);
    const [f, s] = JSON.parse(forKey) as [QueueFilter, QueueSort];
    call('moderation:list-queue', {
      filter: f,
      sort: s,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    }).then(
      (result) => {
        inflight.current.delete(id);
        if (gen !== generation.current) return;
        setState((prev) => {
          // The first answer for a new filter replaces whatever the old one held.
          const rows = new Map(prev.key === forKey ? prev.rows : []);
          rows.set(page, result.rows);
          return { key: forKey, total: result.total, rows, error: null };
        });
        emit(page === 0 ? 'queue-loaded' : 'queue-page-loaded');
      },
      (error: unknown) => {
        inflight.current.delete(id);
        if (gen !== generation.current) return;
        setState((prev) =>
          prev.key === forKey
            ? { ...prev, error: messageOf(error) }
            : { key: forKey, total: null, rows: new Map(), error: messageOf(error) },
        );
        emit('queue-error');
      },
    );
  }, []);

  // A new filter or sort: fetch its first page (the old pages stop counting at once, below).
  useEffect(() => {
    generation.current++;
    load(0, key, generation.current);
  }, [key, load]);

  const current = state.key === key ? state : { key, total: null, rows: new Map(), error: null };

  /** Asks for the pages covering rows first..last that are not loaded yet. */
  const ensure = useCallback(
    (first: number, last: number): void => {
      if (current.total === null) return;
      const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const to = Math.floor(Math.max(0, Math.min(last, current.total - 1)) / PAGE_SIZE);
      for (let page = from; page <= to; page++)
        if (!current.rows.has(page)) load(page, key, generation.current);
    },
    [current.total, current.rows, key, load],
  );

  const rowAt = useCallback(
    (index: number): QueueRowDto | undefined =>
      current.rows.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [current.rows],
  );

  /** Reloads every page held (after an assignment, say), keeping the scroll position. */
  const refresh = useCallback((): void => {
    generation.current++;
    const pages = [...current.rows.keys()];
    setState((prev) => ({ ...prev, rows: new Map(prev.rows) }));
    for (const page of pages.length ? pages : [0]) load(page, key, generation.current);
  }, [current.rows, key, load]);

  return { total: current.total, error: current.error, rowAt, ensure, refresh, key };
}
