import { useState, type ReactNode } from 'react';
import type { ImportMappingDto } from '@shared/contract';
import { IMPORT_TEMPLATES } from '@shared/imports';
import { call, messageOf } from '../api/client';
import type { ApiState } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatTimestamp } from '../format';

/**
 * The column mappings saved from the wizard, each chosen automatically for files with the same
 * columns; one that no longer fits can be deleted, after saying what that means.
 */
export function SavedMappings(props: {
  mappings: ApiState<ImportMappingDto[]>;
  canEdit: boolean;
}): ReactNode {
  const { mappings } = props;
  const [deleting, setDeleting] = useState<ImportMappingDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = mappings.data;

  async function remove(mapping: ImportMappingDto): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await call('imports:delete-mapping', { id: mapping.id });
      setDeleting(null);
      setNotice(`Deleted the saved mapping “${mapping.name}”.`);
      mappings.reload();
      emit('mapping-deleted');
    } catch (err) {
      setDeleting(null);
      setError(`Could not delete “${mapping.name}”: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      className="saved-mappings"
      aria-labelledby="mappings-title"
      data-testid="saved-mappings"
    >
      <h2 id="mappings-title">Saved mappings</h2>
      {mappings.error ? <Alert message={mappings.error.message} onRetry={mappings.reload} /> : null}
      {error ? <Alert message={error} /> : null}
      {notice ? (
        <p className="import-notice" role="status">
          {notice}
        </p>
      ) : null}
      {!list && mappings.loading ? <Loading /> : null}
      {list && list.length === 0 ? (
        <EmptyState title="No saved mappings" testId="mappings-empty">
          <p>
            When a file’s columns do not match a template, you can save how they match up while
            importing it. The mapping is then chosen automatically for files with the same columns.
          </p>
        </EmptyState>
      ) : null}
      {list && list.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="mappings-table">
            <caption className="visually-hidden">Saved column mappings, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">For</th>
                <th scope="col">Columns in the file</th>
                <th scope="col">Last saved</th>
                {props.canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  <td>{IMPORT_TEMPLATES[m.kind].title}</td>
                  <td className="break" title={m.headers.join(', ')}>
                    {m.headers.length <= 4
                      ? m.headers.join(', ')
                      : `${m.headers.slice(0, 3).join(', ')} and ${m.headers.length - 3} more`}
                  </td>
                  <td className="nowrap">{formatTimestamp(m.updatedAt)}</td>
                  {props.canEdit ? (
                    <td>
                      <button
                        type="button"
                        className="button secondary small"
                        aria-label={`Delete the saved mapping “${m.name}”`}
                        onClick={() => {
                          setNotice(null);
                          setError(null);
                          setDeleting(m);
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {deleting ? (
        <Dialog
          title={`Delete the saved mapping “${deleting.name}”?`}
          confirmLabel="Delete mapping"
          danger
          busy={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
          testId="delete-mapping-dialog"
        >
          <p>
            Files with these columns will no longer be matched up automatically: you will choose
            their columns again by hand. Imports already made are not affected, and the deletion is
            recorded in the audit log.
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}
