import { useEffect, useId, type ReactNode, type Ref } from 'react';
import type { ImportJobDto } from '@shared/contract';
import { emit } from '../e2e';
import { formatNumber } from '../format';

/**
 * A bar, what it stands for in words, and a way out: how each long step of an import shows,
 * from sending the file to writing its rows.
 */
export function ProgressBox({
  headingRef,
  ...props
}: {
  title: string;
  /** The share done, 0 to 1; null when it cannot be known (the bar moves without claiming one). */
  share: number | null;
  /** What the bar says to a screen reader. */
  barLabel: string;
  text: string;
  note: string;
  /** `${testId}-bar` and `${testId}-text` for the bar and the words under it. */
  testId: string;
  onCancel: () => void;
  /**
   * Too late to cancel: Cancel stays where it was but does nothing, described by the note
   * (which must say why), so a keyboard on it keeps its place and a screen reader hears why.
   */
  tooLateToCancel?: boolean;
  headingRef?: Ref<HTMLHeadingElement>;
}): ReactNode {
  const titleId = useId();
  const noteId = useId();
  return (
    <section className="panel import-progress" aria-labelledby={titleId} aria-live="polite">
      <h2 id={titleId} ref={headingRef} tabIndex={-1}>
        {props.title}
      </h2>
      {props.share === null ? (
        <progress aria-label={props.barLabel} data-testid={`${props.testId}-bar`} />
      ) : (
        <progress
          max={1}
          value={props.share}
          aria-label={props.barLabel}
          data-testid={`${props.testId}-bar`}
        />
      )}
      <p data-testid={`${props.testId}-text`}>{props.text}</p>
      <p className="muted small" id={noteId}>
        {props.note}
      </p>
      <button
        type="button"
        className="button secondary"
        aria-disabled={props.tooLateToCancel || undefined}
        aria-describedby={props.tooLateToCancel ? noteId : undefined}
        onClick={props.tooLateToCancel ? undefined : props.onCancel}
      >
        Cancel
      </button>
    </section>
  );
}

/**
 * Rows done and share of the file read, with a way out; then, once every row is read, what the
 * import is doing before it answers (a large file's checks and indexes take seconds more).
 */
export function ProgressPanel({
  headingRef,
  ...props
}: {
  title: string;
  job: ImportJobDto | null;
  onCancel: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}): ReactNode {
  const job = props.job;
  const share = job && job.bytesTotal > 0 ? Math.min(1, job.bytesDone / job.bytesTotal) : 0;
  // A workbook's rows come long after the file is read (it is unzipped first): no share then.
  const shareUnknown = job?.state === 'running' && job.bytesTotal === 0 && job.rowsDone > 0;
  const rows = job?.rowsDone ?? 0;
  const finishing = job?.state === 'running' ? job.finishing : null;
  // The rows are being committed: a cancel would be refused, so none is offered or promised.
  const saving = job?.state === 'running' && job.saving;
  useEffect(() => {
    if (job?.state === 'running' && rows > 0) emit('import-progress');
  }, [job?.state, rows]);
  return (
    <ProgressBox
      title={props.title}
      // No share once every row is read, nor for a workbook's rows.
      share={finishing || shareUnknown ? null : share}
      barLabel={
        finishing
          ? `${props.title}: every row read, finishing`
          : shareUnknown
            ? `${props.title}: ${formatNumber(rows)} rows checked`
            : `${props.title}: ${Math.round(share * 100)}% of the file read`
      }
      text={
        finishing
          ? `All ${formatNumber(rows)} rows read · ${finishing}…`
          : rows > 0
            ? shareUnknown
              ? `${formatNumber(rows)} rows checked`
              : `${formatNumber(rows)} rows checked · ${Math.round(share * 100)}% of the file read`
            : 'Starting…'
      }
      note={
        saving
          ? 'Saving — this import can no longer be cancelled. If saving fails, nothing is imported.'
          : 'You can keep using IQA Desk meanwhile. Nothing is written until the whole file has been checked; cancelling leaves everything as it was.'
      }
      testId="import-progress"
      onCancel={props.onCancel}
      tooLateToCancel={saving}
      headingRef={headingRef}
    />
  );
}

/** "14.2 of 92.1 MB", "300 of 2,048 KB": both in the unit of the whole. */
function sizes(done: number, total: number): string {
  if (total >= 1024 * 1024) {
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
    return `${mb(done)} of ${mb(total)} MB`;
  }
  const kb = (n: number): string => formatNumber(Math.ceil(n / 1024));
  return `${kb(done)} of ${kb(total)} KB`;
}

/**
 * A chosen file on its way to the core, in parts, and then read for its columns: a large one
 * takes a while, so it shows how far it has gone and can be stopped.
 */
export function UploadPanel({
  headingRef,
  ...props
}: {
  fileName: string;
  /** Bytes sent and the file's size; null once every byte is sent and the file is being read. */
  sent: { done: number; total: number } | null;
  onCancel: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}): ReactNode {
  const { fileName, sent } = props;
  const share = sent ? Math.min(1, sent.done / Math.max(1, sent.total)) : null;
  const percent = `${Math.round((share ?? 1) * 100)}%`;
  return (
    <ProgressBox
      title={sent ? `Sending ${fileName}` : `Reading ${fileName}`}
      share={share}
      barLabel={sent ? `Sending ${fileName}: ${percent} sent` : `Reading ${fileName}`}
      text={
        sent ? `${percent} sent · ${sizes(sent.done, sent.total)}` : 'Sent · reading its columns…'
      }
      note="You can keep using IQA Desk meanwhile. Nothing is imported until you have checked its columns and a preview; cancelling leaves everything as it was."
      testId="upload-progress"
      onCancel={props.onCancel}
      headingRef={headingRef}
    />
  );
}
