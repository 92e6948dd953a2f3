import { useCallback, useEffect, useState, type DependencyList } from 'react';
import type { Channel, InputOf, OutputOf } from '@shared/contract';
import { ApiError, call } from './client';

export interface ApiState<T> {
  /** The latest answer; kept while a reload runs so screens do not flash empty. */
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  key: string;
  data: T | undefined;
  error: ApiError | null;
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ kind: 'internal', message: (error as Error)?.message ?? String(error) });
}

/**
 * Calls a channel when the input or deps change. Inputs are JSON by contract, so they are
 * compared by their serialised form: callers can pass object literals without memoising them.
 */
export function useApi<C extends Channel>(
  channel: C,
  input: InputOf<C>,
  deps: DependencyList = [],
): ApiState<OutputOf<C>> {
  const [tick, setTick] = useState(0);
  const [settled, setSettled] = useState<Settled<OutputOf<C>> | null>(null);
  const inputJson = JSON.stringify(input ?? {});
  const key = JSON.stringify([channel, inputJson, deps, tick]);

  useEffect(() => {
    let live = true;
    call(channel, JSON.parse(inputJson) as InputOf<C>).then(
      (data) => {
        if (live) setSettled({ key, data, error: null });
      },
      (error: unknown) => {
        if (live) setSettled((prev) => ({ key, data: prev?.data, error: toApiError(error) }));
      },
    );
    return () => {
      live = false;
    };
  }, [channel, inputJson, key]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = settled?.key === key;
  return {
    data: settled?.data,
    error: current ? (settled?.error ?? null) : null,
    loading: !current,
    reload,
  };
}
