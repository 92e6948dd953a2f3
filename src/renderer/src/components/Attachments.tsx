import { useState, type ReactNode } from 'react';
import type { AttachmentDto, AttachmentOwner } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { downloadBase64, fileToBase64, formatBytes, MAX_FILE_BYTES } from '../files';
import { formatTimestamp } from '../format';
import { Alert } from './Alert';
import { useConfirm } from './Dialog';

/**
 * Files kept with a record (beside the database, checked by sha256 when opened): list, download,
 * add and remove. Removal asks first; the file itself is kept for the record.
 */
export function Attachments(props: {
  ownerType: AttachmentOwner;
  ownerId: number;
  kind: string;
  files: AttachmentDto[];
  label: string;
  canEdit: boolean;
  onChange: () => void;
  testId?: string;
  /** The visible words on the button; the label is read out in full. */
  buttonText?: string;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = `files-${props.ownerType}-${props.ownerId}-${props.kind}`;
  const files = props.files.filter((f) => f.kind === props.kind);

  async function add(list: FileList | null): Promise<void> {
    if (!list || list.length === 0) return;
    setError(null);
    setBusy(true);
    try {
      for (const file of list) {
        if (file.size > MAX_FILE_BYTES)
          throw new Error(`${file.name} is over 20 MB; files are limited to 20 MB each.`);
        await call('attachments:add', {
          ownerType: props.ownerType,
          ownerId: props.ownerId,
          kind: props.kind,
          fileName: file.name,
          base64: await fileToBase64(file),
        });
      }
      props.onChange();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function download(f: AttachmentDto): Promise<void> {
    setError(null);
    try {
      const file = await call('attachments:file', { attachmentId: f.id });
      downloadBase64(file.fileName, file.base64, 'application/octet-stream');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function remove(f: AttachmentDto): Promise<void> {
    const yes = await ask({
      title: 'Remove attachment',
      message: `Remove ${f.fileName} from this record?`,
      confirmLabel: 'Remove',
    });
    if (!yes) return;
    setError(null);
    try {
      await call('attachments:remove', { attachmentId: f.id });
      props.onChange();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <div className="attachments" data-testid={props.testId}>
      {dialog}
      {files.length > 0 ? (
        <ul className="file-list">
          {files.map((f) => (
            <li key={f.id}>
              <button type="button" className="link-button" onClick={() => void download(f)}>
                {f.fileName}
              </button>{' '}
              <span className="muted small">
                {formatBytes(f.sizeBytes)} · added by {f.addedBy}, {formatTimestamp(f.addedAt)}
              </span>
              {props.canEdit ? (
                <button
                  type="button"
                  className="link-button small remove"
                  onClick={() => void remove(f)}
                  aria-label={`Remove ${f.fileName}`}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : props.canEdit ? null : (
        <p className="muted small">No files.</p>
      )}
      {props.canEdit ? (
        // The native control is hidden behind a button-like label: compact in tables, still
        // reached by Tab and opened with Enter or Space.
        <label className={`file-button${busy ? ' busy' : ''}`}>
          <input
            id={inputId}
            type="file"
            multiple
            className="visually-hidden"
            aria-label={props.label}
            disabled={busy}
            onChange={(e) => {
              void add(e.target.files);
              e.target.value = '';
            }}
          />
          <span aria-hidden="true">
            {busy ? 'Attaching…' : `+ ${props.buttonText ?? 'Attach files'}`}
          </span>
        </label>
      ) : null}
      {error ? <Alert message={error} /> : null}
    </div>
  );
}
