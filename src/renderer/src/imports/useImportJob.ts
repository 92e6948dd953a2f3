import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJobDto } from '@shared/contract';
import { call, messageOf } from '../api/client';

const POLL_MS = 250;

/** Follows an import job by polling its status until it settles; the window stays responsive. */
export function useImportJob(onSettled: (job: ImportJobDto) => void): {
  job: ImportJobDto | null;
  error: string | null;
  follow: (jobId: string) => void;
  cancel: () => void;
  reset: () => void;
} {
  const [job, setJob] = useState<ImportJobDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A fresh object per follow, so following the same id again still starts polling.
  const [target, setTarget] = useState<{ jobId: string } | null>(null);
  const jobId = target?.jobId ?? null;
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  });

  useEffect(() => {
    if (!target) return;
    const { jobId } = target;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const status = await call('imports:job-status', { jobId });
        if (!live) return;
        setJob(status);
        if (status.state === 'running') timer = setTimeout(() => void poll(), POLL_MS);
        else settled.current(status);
      } catch (err) {
        if (live) setError(messageOf(err));
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [target]);

  const follow = useCallback((id: string) => {
    setError(null);
    setJob(null);
    setTarget({ jobId: id });
  }, []);
  const cancel = useCallback(() => {
    if (jobId)
      void call('imports:cancel', { jobId }).catch((err: unknown) => setError(messageOf(err)));
  }, [jobId]);
  const reset = useCallback(() => {
    setTarget(null);
    setJob(null);
    setError(null);
  }, []);
  return { job, error, follow, cancel, reset };
}
