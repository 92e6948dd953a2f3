import { useState, type ReactNode } from 'react';
import type { QueueFilter, SavedViewDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Dialog } from '../components/Dialog';
import { emit } from '../e2e';
import type { QueueSort } from './query';

/** Named queue views per user: choose one to apply it, save the current one, delete with care. */
export function SavedViews(props: {
  filter: QueueFilter;
  sort: QueueSort;
  onChoose: (view: SavedViewDto) => void;
}): ReactNode {
  const views = useApi('moderation:list-views', {});
  const [chosen, setChosen] = useState('');
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await call('moderation:save-view', {
        name: name.trim(),
        filter: props.filter,
        sort: props.sort,
      });
      views.reload();
      setChosen(name.trim());
      setSaving(false);
      emit('view-saved');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (view: string): Promise<void> => {
    setBusy(true);
    try {
      await call('moderation:delete-view', { name: view });
      views.reload();
      setChosen('');
      setDeleting(null);
      emit('view-deleted');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const list = views.data ?? [];
  return (
    <div className="saved-views" data-testid="saved-views">
      <label htmlFor="saved-view">Saved view</label>
      <select
        id="saved-view"
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value);
          const view = list.find((v) => v.name === e.target.value);
          if (view) props.onChoose(view);
        }}
      >
        <option value="">{list.length ? 'Choose a view…' : 'No saved views yet'}</option>
        {list.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button secondary"
        onClick={() => {
          setName(chosen);
          setSaving(true);
          setError(null);
        }}
      >
        Save view…
      </button>
      {chosen ? (
        <button type="button" className="button secondary" onClick={() => setDeleting(chosen)}>
          Delete view
        </button>
      ) : null}
      {error && !saving ? <span className="form-error-inline">{error}</span> : null}
      {saving ? (
        <Dialog
          title="Save this view"
          confirmLabel="Save view"
          onConfirm={() => void save()}
          onCancel={() => setSaving(false)}
          busy={busy}
          confirmDisabled={name.trim().length === 0}
          testId="save-view-dialog"
        >
          <p>
            The filters and sort order now applied, under a name you choose. Saving over an existing
            name replaces it.
          </p>
          <div className="field">
            <label htmlFor="view-name">Name</label>
            <input
              id="view-name"
              value={name}
              maxLength={60}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. My distinctions"
            />
          </div>
          {error ? <p className="form-error-inline">{error}</p> : null}
        </Dialog>
      ) : null}
      {deleting ? (
        <Dialog
          title={`Delete the view “${deleting}”?`}
          confirmLabel="Delete view"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
          busy={busy}
          testId="delete-view-dialog"
        >
          <p>Only the saved view goes; the decisions in the queue are not affected.</p>
        </Dialog>
      ) : null}
    </div>
  );
}
