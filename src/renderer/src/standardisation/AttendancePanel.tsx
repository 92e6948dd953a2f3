import { useState, type ReactNode } from 'react';
import type { Attendance, EventDetailDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { emit } from '../e2e';
import { useConfirm } from '../components/Dialog';

const LABELS: Record<Attendance, string> = {
  attended: 'Attended',
  apologies: 'Apologies',
  absent: 'Absent',
};

/**
 * Who attended: every assessor active on the event's date, each set to attended, apologies or
 * absent. Removing a record asks first (their exercise grades go with it).
 */
export function AttendancePanel(props: {
  event: EventDetailDto;
  canEdit: boolean;
  onChange: (e: EventDetailDto) => void;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  const e = props.event;
  const recorded = new Map(e.attendance.map((a) => [a.assessorId, a.attendance]));
  const [draft, setDraft] = useState<Record<number, Attendance | ''>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const value = (id: number): Attendance | '' => draft[id] ?? recorded.get(id) ?? '';
  const changes = e.candidates.filter((c) => {
    const v = draft[c.assessorId];
    return v !== undefined && v !== '' && v !== recorded.get(c.assessorId);
  });

  function set(id: number, v: Attendance | ''): void {
    setDraft({ ...draft, [id]: v });
    setSaved(null);
  }

  function markRest(v: Attendance): void {
    const next = { ...draft };
    for (const c of e.candidates)
      if (!recorded.has(c.assessorId) && !next[c.assessorId]) next[c.assessorId] = v;
    setDraft(next);
    setSaved(null);
  }

  async function save(): Promise<void> {
    setError(null);
    try {
      const result = await call('standardisation:set-attendance', {
        eventId: e.id,
        entries: changes.map((c) => ({
          assessorId: c.assessorId,
          attendance: value(c.assessorId) as Attendance,
        })),
      });
      setDraft({});
      setSaved(
        `Saved attendance for ${changes.length} ${changes.length === 1 ? 'person' : 'people'}.`,
      );
      props.onChange(result);
      emit('attendance-saved');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function remove(id: number, name: string): Promise<void> {
    const yes = await ask({
      title: 'Remove attendance record',
      message: `Remove ${name}’s attendance record for this event? Any grades they gave in its exercises are removed too.`,
      confirmLabel: 'Remove',
    });
    if (!yes) return;
    setError(null);
    try {
      props.onChange(
        await call('standardisation:remove-attendance', { eventId: e.id, assessorId: id }),
      );
      const { [id]: _drop, ...rest } = draft;
      setDraft(rest);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <div data-testid="attendance">
      {dialog}
      <p className="muted">
        {e.attended} attended, apologies from {e.apologies}, {e.absent} absent
        {e.upcoming
          ? ' · this event is still to come: apologies can be recorded now, attendance on the day.'
          : '.'}
      </p>
      {props.canEdit ? (
        <p className="actions-row">
          <button
            type="button"
            className="button secondary"
            disabled={e.upcoming}
            onClick={() => markRest('attended')}
          >
            Mark everyone not recorded as attended
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={e.upcoming}
            onClick={() => markRest('absent')}
          >
            …as absent
          </button>
        </p>
      ) : null}
      <div className="table-wrap attendance-wrap">
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Ref</th>
              <th scope="col">Name</th>
              <th scope="col">Attendance</th>
              {props.canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {e.candidates.map((c) => {
              const v = value(c.assessorId);
              const changed =
                draft[c.assessorId] !== undefined &&
                draft[c.assessorId] !== recorded.get(c.assessorId);
              return (
                <tr key={c.assessorId} className={changed ? 'changed' : undefined}>
                  <td className="mono">{c.ref}</td>
                  <td>{c.name}</td>
                  <td>
                    {props.canEdit ? (
                      <select
                        aria-label={`Attendance for ${c.name} (${c.ref})`}
                        value={v}
                        onChange={(ev) => set(c.assessorId, ev.target.value as Attendance | '')}
                      >
                        <option value="">Not recorded</option>
                        {(Object.keys(LABELS) as Attendance[]).map((a) => (
                          <option key={a} value={a} disabled={e.upcoming && a !== 'apologies'}>
                            {LABELS[a]}
                          </option>
                        ))}
                      </select>
                    ) : v ? (
                      LABELS[v]
                    ) : (
                      <span className="muted">Not recorded</span>
                    )}
                  </td>
                  {props.canEdit ? (
                    <td>
                      {recorded.has(c.assessorId) ? (
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Remove attendance record for ${c.name}`}
                          onClick={() => void remove(c.assessorId, c.name)}
                        >
                          Remove record
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {error ? <Alert message={error} /> : null}
      {props.canEdit ? (
        <p className="actions-row">
          <button
            type="button"
            className="button"
            disabled={changes.length === 0}
            onClick={() => void save()}
          >
            Save attendance{changes.length > 0 ? ` (${changes.length})` : ''}
          </button>
          {saved ? <span role="status">{saved}</span> : null}
        </p>
      ) : null}
    </div>
  );
}
