import { useState, type FormEvent, type ReactNode } from 'react';
import type { ExerciseDetailDto, Judgement } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { emit } from '../e2e';

interface MarkDraft {
  grade: string;
  criteria: Record<string, Judgement>;
}

/** One attendee's grades (and criterion judgements) for every item, entered in one go. */
export function MarksEntry(props: {
  exercise: ExerciseDetailDto;
  onSaved: (x: ExerciseDetailDto) => void;
}): ReactNode {
  const x = props.exercise;
  const [assessorId, setAssessorId] = useState<number | ''>(x.attendees[0]?.assessorId ?? '');
  const [draft, setDraft] = useState<Record<number, MarkDraft>>(() =>
    draftFor(x, x.attendees[0]?.assessorId),
  );
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function draftFor(ex: ExerciseDetailDto, id: number | undefined): Record<number, MarkDraft> {
    return Object.fromEntries(
      ex.marks
        .filter((m) => m.assessorId === id)
        .map((m) => [m.itemId, { grade: m.grade, criteria: { ...m.criteria } }]),
    );
  }

  function choose(id: number | ''): void {
    setAssessorId(id);
    setDraft(id === '' ? {} : draftFor(x, id));
    setSaved(null);
    setError(null);
  }

  function set(itemId: number, change: Partial<MarkDraft>): void {
    const current = draft[itemId] ?? { grade: '', criteria: {} };
    setDraft({ ...draft, [itemId]: { ...current, ...change } });
    setSaved(null);
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (assessorId === '') return;
    setError(null);
    const marks = x.items
      .filter((i) => draft[i.id]?.grade)
      .map((i) => ({
        itemId: i.id,
        grade: (draft[i.id] as MarkDraft).grade,
        criteria: (draft[i.id] as MarkDraft).criteria,
      }));
    try {
      const result = await call('standardisation:record-marks', {
        exerciseId: x.id,
        assessorId,
        marks,
      });
      const who = x.attendees.find((a) => a.assessorId === assessorId);
      setSaved(
        `Saved ${marks.length} grade${marks.length === 1 ? '' : 's'} for ${who?.name ?? 'them'}.`,
      );
      props.onSaved(result);
      emit('marks-saved');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  if (x.attendees.length === 0)
    return (
      <p className="warning-note">
        Record who attended the event first: only attendees grade its exercises.
      </p>
    );

  return (
    <form className="marks-entry boxed" onSubmit={(e) => void submit(e)} aria-label="Record grades">
      <div className="field">
        <label htmlFor="m-assessor">Grades from</label>
        <select
          id="m-assessor"
          value={assessorId}
          onChange={(e) => choose(e.target.value ? Number(e.target.value) : '')}
        >
          {x.attendees.map((a) => {
            const done = x.marks.filter((m) => m.assessorId === a.assessorId).length;
            return (
              <option key={a.assessorId} value={a.assessorId}>
                {a.ref} {a.name} ({done} of {x.items.length} graded)
              </option>
            );
          })}
        </select>
      </div>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Grade given</th>
            <th scope="col">Criteria judged</th>
          </tr>
        </thead>
        <tbody>
          {x.items.map((item) => {
            const d = draft[item.id] ?? { grade: '', criteria: {} };
            const agreed = Object.keys(item.agreedCriteria);
            return (
              <tr key={item.id}>
                <td>
                  {item.label}
                  {item.methodCode ? (
                    <span className="muted small"> ({item.methodCode})</span>
                  ) : null}
                </td>
                <td>
                  <select
                    aria-label={`Grade for ${item.label}`}
                    value={d.grade}
                    onChange={(e) => set(item.id, { grade: e.target.value })}
                  >
                    <option value="">Not graded</option>
                    {x.version.grades.map((g) => (
                      <option key={g} value={g}>
                        {g}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {agreed.length === 0 ? (
                    <span className="muted small">No agreed criteria for this item</span>
                  ) : (
                    <div className="criteria-grid">
                      {agreed.map((code) => (
                        <label key={code}>
                          <span className="mono">{code}</span>
                          <select
                            aria-label={`${code} for ${item.label}`}
                            value={d.criteria[code] ?? ''}
                            onChange={(e) => {
                              const next = { ...d.criteria };
                              if (e.target.value) next[code] = e.target.value as Judgement;
                              else delete next[code];
                              set(item.id, { criteria: next });
                            }}
                          >
                            <option value="">—</option>
                            <option value="met">Met</option>
                            <option value="not_met">Not met</option>
                          </select>
                        </label>
                      ))}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? <Alert message={error} /> : null}
      <p className="actions-row">
        <button type="submit" className="button" disabled={assessorId === ''}>
          Save grades
        </button>
        {saved ? <span role="status">{saved}</span> : null}
      </p>
    </form>
  );
}
