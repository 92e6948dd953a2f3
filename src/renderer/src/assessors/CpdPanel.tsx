import { useState, type FormEvent, type ReactNode } from 'react';
import type { AssessorProfileDto, CpdEntryDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { Attachments } from '../components/Attachments';
import { formatDate } from '../format';
import { localToday } from '../appeals/util';
import { useConfirm } from '../components/Dialog';

function hours(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, '')} h`;
}

/** The CPD log: activities with hours and evidence, totalled over the rolling window and by year. */
export function CpdPanel(props: {
  profile: AssessorProfileDto;
  canEdit: boolean;
  onSaved: (p: AssessorProfileDto) => void;
  onFilesChanged: () => void;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  const cpd = props.profile.cpd;
  const [editing, setEditing] = useState<CpdEntryDto | 'new' | null>(null);
  const [date, setDate] = useState(localToday());
  const [activity, setActivity] = useState('');
  const [amount, setAmount] = useState('1');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);

  function start(e: CpdEntryDto | 'new'): void {
    setEditing(e);
    setError(null);
    setDate(e === 'new' ? localToday() : e.activityDate);
    setActivity(e === 'new' ? '' : e.activity);
    setAmount(e === 'new' ? '1' : String(e.hours));
    setNotes(e === 'new' ? '' : (e.notes ?? ''));
  }

  async function submit(ev: FormEvent): Promise<void> {
    ev.preventDefault();
    setError(null);
    try {
      const result = await call('assessors:save-cpd', {
        assessorId: props.profile.id,
        ...(editing && editing !== 'new' ? { cpdId: editing.id } : {}),
        activityDate: date,
        activity,
        hours: Number(amount),
        notes,
      });
      setEditing(null);
      props.onSaved(result);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function remove(e: CpdEntryDto): Promise<void> {
    const yes = await ask({
      title: 'Remove CPD entry',
      message: `Remove “${e.activity}” (${formatDate(e.activityDate)}) from the CPD log?`,
      confirmLabel: 'Remove',
    });
    if (!yes) return;
    setError(null);
    try {
      props.onSaved(await call('assessors:remove-cpd', { cpdId: e.id }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <div data-testid="cpd">
      {dialog}
      <p>
        <strong data-testid="cpd-window-hours">{hours(cpd.windowHours)}</strong> in the last{' '}
        {cpd.windowMonths} months
        {cpd.byYear.length > 0 ? (
          <span className="muted">
            {' '}
            · by year: {cpd.byYear.map((y) => `${y.year} ${hours(y.hours)}`).join(', ')}
          </span>
        ) : null}
      </p>
      {cpd.entries.length === 0 ? (
        <p className="muted">No CPD recorded yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Activity</th>
              <th scope="col" className="num">
                Hours
              </th>
              <th scope="col">Evidence</th>
              {props.canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {cpd.entries.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDate(e.activityDate)}</td>
                <td>
                  {e.activity}
                  {e.notes ? <span className="sub">{e.notes}</span> : null}
                </td>
                <td className="num">{hours(e.hours)}</td>
                <td>
                  <Attachments
                    ownerType="cpd"
                    ownerId={e.id}
                    kind="evidence"
                    files={e.attachments}
                    label={`Add evidence for ${e.activity}`}
                    canEdit={props.canEdit}
                    onChange={props.onFilesChanged}
                  />
                </td>
                {props.canEdit ? (
                  <td className="nowrap">
                    <button type="button" className="link-button" onClick={() => start(e)}>
                      Edit
                    </button>{' '}
                    <button type="button" className="link-button" onClick={() => void remove(e)}>
                      Remove
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canEdit && editing === null ? (
        <p>
          <button type="button" className="button secondary" onClick={() => start('new')}>
            Add CPD
          </button>
        </p>
      ) : null}
      {editing !== null ? (
        <form
          className="inline-form boxed"
          onSubmit={(ev) => void submit(ev)}
          aria-label="CPD activity"
        >
          <div className="field">
            <label htmlFor="cpd-date">Date</label>
            <input
              id="cpd-date"
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              required
            />
          </div>
          <div className="field grow">
            <label htmlFor="cpd-activity">Activity</label>
            <input
              id="cpd-activity"
              value={activity}
              onChange={(e) => setActivity(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="cpd-hours">Hours</label>
            <input
              id="cpd-hours"
              type="number"
              min={0.25}
              max={1000}
              step={0.25}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              required
            />
          </div>
          <div className="field grow">
            <label htmlFor="cpd-notes">Notes</label>
            <input id="cpd-notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
          <div className="field actions">
            <button type="submit" className="button">
              Save CPD
            </button>
            <button type="button" className="button secondary" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
          {error ? (
            <div className="form-error">
              <Alert message={error} />
            </div>
          ) : null}
        </form>
      ) : error ? (
        <Alert message={error} />
      ) : null}
    </div>
  );
}
