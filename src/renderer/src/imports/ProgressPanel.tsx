import { useEffect, type ReactNode } from 'react';
import type { ImportJobDto } from '@shared/contract';
import { emit } from '../e2e';
import { formatNumber } from '../format';

/**
 * Rows done and share of the file read, with a way out; then, once every row is read, what the
 * import is doing before it answers (a large file's checks and indexes take seconds more).
 */
export function ProgressPanel(props: {
  title: string;
  job: ImportJobDto | null;
  onCancel: () => void;
}): ReactNode {
  const job = props.job;
  const share = job && job.bytesTotal > 0 ? Math.min(1, job.bytesDone / job.bytesTotal) : 0;
  // A workbook's rows come long after the file is read (it is unzipped first): no share then.
  const shareUnknown = job?.state === 'running' && job.bytesTotal === 0 && job.rowsDone > 0;
  const rows = job?.rowsDone ?? 0;
  const finishing = job?.state === 'running' ? job.finishing : null;
  useEffect(() => {
    if (job?.state === 'running' && rows > 0) emit('import-progress');
  }, [job?.state, rows]);
  return (
    <section
      className="panel import-progress"
      aria-labelledby="import-progress-title"
      aria-live="polite"
    >
      <h2 id="import-progress-title" tabIndex={-1}>
        {props.title}
      </h2>
      {finishing ? (
        // No value: the bar moves without claiming a share it cannot know.
        <progress
          aria-label={`${props.title}: every row read, finishing`}
          data-testid="import-progress-bar"
        />
      ) : shareUnknown ? (
        <progress
          aria-label={`${props.title}: ${formatNumber(rows)} rows checked`}
          data-testid="import-progress-bar"
        />
      ) : (
        <progress
          max={1}
          value={share}
          aria-label={`${props.title}: ${Math.round(share * 100)}% of the file read`}
          data-testid="import-progress-bar"
        />
      )}
      <p data-testid="import-progress-text">
        {finishing
          ? `All ${formatNumber(rows)} rows read · ${finishing}…`
          : rows > 0
            ? shareUnknown
              ? `${formatNumber(rows)} rows checked`
              : `${formatNumber(rows)} rows checked · ${Math.round(share * 100)}% of the file read`
            : 'Starting…'}
      </p>
      <p className="muted small">
        You can keep using IQA Desk meanwhile. Nothing is written until the whole file has been
        checked; cancelling leaves everything as it was.
      </p>
      <button type="button" className="button secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </section>
  );
}
