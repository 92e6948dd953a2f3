import { useState, type FormEvent, type ReactNode } from 'react';
import type { AssessorProfileDto, ConflictDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { formatDate } from '../format';

type Party = ConflictDto['partyType'];

const PARTY: Record<Party, { label: string; ref: string; hint: string }> = {
  employer: {
    label: 'Employer',
    ref: 'Employer name',
    hint: 'As it appears on the apprentice’s record',
  },
  provider: { label: 'Training provider', ref: 'UKPRN', hint: '8 digits starting with 1' },
  apprentice: { label: 'Apprentice', ref: 'ULN', hint: '10 digits' },
};

/**
 * Declared conflicts of interest (Ofqual condition A4). They are ended rather than deleted: a
 * decision made while one was in force stays flagged.
 */
export function ConflictsPanel(props: {
  profile: AssessorProfileDto;
  canEdit: boolean;
  onSaved: (p: AssessorProfileDto) => void;
}): ReactNode {
  const [editing, setEditing] = useState<ConflictDto | 'new' | null>(null);
  const [partyType, setPartyType] = useState<Party>('employer');
  const [partyRef, setPartyRef] = useState('');
  const [declaredOn, setDeclaredOn] = useState('');
  const [endedOn, setEndedOn] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  function start(c: ConflictDto | 'new'): void {
    setEditing(c);
    setError(null);
    setPartyType(c === 'new' ? 'employer' : c.partyType);
    setPartyRef(c === 'new' ? '' : c.partyRef);
    setDeclaredOn(c === 'new' ? '' : (c.declaredOn ?? ''));
    setEndedOn(c === 'new' ? '' : (c.endedOn ?? ''));
    setNote(c === 'new' ? '' : (c.note ?? ''));
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      const result = await call('assessors:save-conflict', {
        assessorId: props.profile.id,
        ...(editing && editing !== 'new' ? { conflictId: editing.id } : {}),
        partyType,
        partyRef,
        declaredOn: declaredOn || null,
        endedOn: endedOn || null,
        note,
      });
      setEditing(null);
      props.onSaved(result);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <div data-testid="conflicts">
      {props.profile.conflicts.length === 0 ? (
        <p className="muted">No conflicts of interest declared.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">With</th>
              <th scope="col">Declared</th>
              <th scope="col">Ended</th>
              <th scope="col">Note</th>
              {props.canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {props.profile.conflicts.map((c) => (
              <tr key={c.id}>
                <td>
                  {PARTY[c.partyType].label}: <strong>{c.partyRef}</strong>
                </td>
                <td>{formatDate(c.declaredOn)}</td>
                <td>
                  {c.endedOn ? formatDate(c.endedOn) : <span className="pill">In force</span>}
                </td>
                <td>{c.note ?? ''}</td>
                {props.canEdit ? (
                  <td>
                    <button type="button" className="link-button" onClick={() => start(c)}>
                      Edit or end
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
            Declare a conflict
          </button>
        </p>
      ) : null}
      {editing !== null ? (
        <form
          className="inline-form boxed"
          onSubmit={(e) => void submit(e)}
          aria-label="Conflict of interest"
        >
          <div className="field">
            <label htmlFor="c-party">With</label>
            <select
              id="c-party"
              value={partyType}
              onChange={(e) => setPartyType(e.target.value as Party)}
            >
              {(Object.keys(PARTY) as Party[]).map((p) => (
                <option key={p} value={p}>
                  {PARTY[p].label}
                </option>
              ))}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor="c-ref">{PARTY[partyType].ref}</label>
            <input
              id="c-ref"
              value={partyRef}
              onChange={(e) => setPartyRef(e.target.value)}
              required
              aria-describedby="c-ref-hint"
            />
            <span id="c-ref-hint" className="field-hint small">
              {PARTY[partyType].hint}
            </span>
          </div>
          <div className="field">
            <label htmlFor="c-declared">Declared on</label>
            <input
              id="c-declared"
              type="date"
              value={declaredOn}
              onChange={(e) => setDeclaredOn(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="c-ended">Ended on</label>
            <input
              id="c-ended"
              type="date"
              value={endedOn}
              onChange={(e) => setEndedOn(e.target.value)}
            />
          </div>
          <div className="field grow">
            <label htmlFor="c-note">Note</label>
            <input id="c-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="field actions">
            <button type="submit" className="button">
              Save conflict
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
      ) : null}
    </div>
  );
}
