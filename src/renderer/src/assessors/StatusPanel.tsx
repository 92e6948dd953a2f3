import { useState, type FormEvent, type ReactNode } from 'react';
import { ASSESSOR_STATUSES, type AssessorStatus } from '@shared/standardisation';
import type { AssessorProfileDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { formatDate, humanise } from '../format';
import { localToday } from '../appeals/util';

/** Status with dates: a change takes effect from a day, and the history is kept. */
export function StatusPanel(props: {
  profile: AssessorProfileDto;
  canEdit: boolean;
  onSaved: (p: AssessorProfileDto) => void;
}): ReactNode {
  const p = props.profile;
  const [status, setStatus] = useState<AssessorStatus>(
    p.status === 'active' ? 'suspended' : 'active',
  );
  const [from, setFrom] = useState(localToday());
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      props.onSaved(
        await call('assessors:set-status', { assessorId: p.id, status, effectiveFrom: from, note }),
      );
      setNote('');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <div data-testid="status-history">
      <p>
        <span className={`pill status-${p.status}`}>{humanise(p.status)}</span>
        {p.statusSince
          ? ` since ${formatDate(p.statusSince)}`
          : p.startDate
            ? ` since starting on ${formatDate(p.startDate)}`
            : ''}
      </p>
      {p.statusHistory.length > 0 ? (
        <ul className="plain-list small">
          {p.statusHistory.map((h, i) => (
            <li key={i}>
              {formatDate(h.effectiveFrom)}: {humanise(h.status)}
              {h.note ? ` (${h.note})` : ''}{' '}
              <span className="muted">recorded by {h.recordedBy}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {props.canEdit ? (
        <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Change status">
          <div className="field">
            <label htmlFor="s-status">New status</label>
            <select
              id="s-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as AssessorStatus)}
            >
              {ASSESSOR_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanise(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="s-from">From</label>
            <input
              id="s-from"
              type="date"
              value={from}
              max={localToday()}
              onChange={(e) => setFrom(e.target.value)}
              required
            />
          </div>
          <div className="field grow">
            <label htmlFor="s-note">Reason</label>
            <input id="s-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="button secondary">
            Record status change
          </button>
          {error ? (
            <div className="form-error">
              <Alert message={error} />
            </div>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
