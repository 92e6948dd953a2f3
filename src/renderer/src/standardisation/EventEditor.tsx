import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { EventDetailDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Attachments } from '../components/Attachments';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate } from '../format';
import { localToday } from '../appeals/util';
import { useAppStatus } from '../status';
import { AttendancePanel } from './AttendancePanel';
import { ExercisePanel } from './ExercisePanel';
import { useConfirm } from '../components/Dialog';

/** One event: its details, attendance, materials and sample-marking exercises. */
export function EventEditor(props: {
  eventId: number | null;
  onClose: () => void;
  onSaved: (id: number) => void;
  onDeleted: () => void;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  const { status, labels } = useAppStatus();
  const versions = useApi('standardisation:versions', {});
  const [event, setEvent] = useState<EventDetailDto | null>(null);
  const [date, setDate] = useState(localToday());
  const [title, setTitle] = useState('');
  const [standards, setStandards] = useState<string[]>([]);
  const [format, setFormat] = useState<'' | 'in_person' | 'remote'>('');
  const [facilitator, setFacilitator] = useState('');
  const [agenda, setAgenda] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [exercise, setExercise] = useState<number | 'new' | null>(null);
  const role = status.user?.role;
  const canRecord = role === 'iqa_lead' || role === 'moderator';

  function fill(e: EventDetailDto): void {
    setEvent(e);
    setDate(e.date);
    setTitle(e.title);
    setStandards(e.standards);
    setFormat(e.format ?? '');
    setFacilitator(e.facilitator ?? '');
    setAgenda(e.agenda ?? '');
    setNotes(e.notes ?? '');
  }

  async function load(id: number): Promise<void> {
    try {
      fill(await call('standardisation:get-event', { eventId: id }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    if (props.eventId === null) return;
    let live = true;
    call('standardisation:get-event', { eventId: props.eventId }).then(
      (e) => {
        if (live) fill(e);
      },
      (err: unknown) => {
        if (live) setError(messageOf(err));
      },
    );
    return () => {
      live = false;
    };
  }, [props.eventId]);

  useEffect(() => {
    if (event) emit(`event-loaded:${event.id}`);
  }, [event]);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      const saved = await call('standardisation:save-event', {
        ...(event ? { eventId: event.id } : {}),
        date,
        title,
        standards,
        format: format || null,
        facilitator,
        agenda,
        notes,
      });
      fill(saved);
      emit('event-saved');
      props.onSaved(saved.id);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function remove(): Promise<void> {
    if (!event) return;
    const what = `${event.title} on ${formatDate(event.date)}`;
    const yes = await ask({
      title: 'Delete event',
      message: `Delete ${what}? Its attendance (${event.attended} attended) and ${event.exercises.length} exercise(s) go with it, and ${labels.standardisation} flags on decisions are recomputed.`,
      confirmLabel: 'Delete event',
    });
    if (!yes) return;
    setError(null);
    try {
      await call('standardisation:delete-event', { eventId: event.id });
      props.onDeleted();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function toggle(name: string, on: boolean): void {
    setStandards(on ? [...standards, name] : standards.filter((s) => s !== name));
  }

  if (props.eventId !== null && !event && !error) return <Loading />;

  return (
    <section
      className="panel event-editor"
      aria-labelledby="event-title"
      data-testid="event-editor"
    >
      {dialog}
      <div className="detail-head">
        <h2 id="event-title">
          {event
            ? `${event.title}, ${formatDate(event.date)}`
            : `New ${labels.standardisation} event`}
        </h2>
        <button type="button" className="button secondary" onClick={props.onClose}>
          Back to events
        </button>
      </div>
      <form onSubmit={(e) => void save(e)} aria-label="Event details">
        <fieldset disabled={!canRecord}>
          <legend>Details</legend>
          <div className="row">
            <div className="field">
              <label htmlFor="ev-date">Date</label>
              <input
                id="ev-date"
                type="date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
                required
              />
            </div>
            <div className="field grow">
              <label htmlFor="ev-title">Title</label>
              <input
                id="ev-title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                required
              />
            </div>
            <div className="field">
              <label htmlFor="ev-format">Format</label>
              <select
                id="ev-format"
                value={format}
                onChange={(e) => setFormat(e.target.value as typeof format)}
              >
                <option value="">Not recorded</option>
                <option value="in_person">In person</option>
                <option value="remote">Remote</option>
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="ev-facilitator">Facilitator</label>
              <input
                id="ev-facilitator"
                value={facilitator}
                onChange={(e) => setFacilitator(e.target.value)}
              />
            </div>
          </div>
          <div className="field">
            <span className="label" id="ev-standards-label">
              Standards covered
            </span>
            <div className="checks" role="group" aria-labelledby="ev-standards-label">
              {(versions.data ?? []).map((v) => (
                <label key={v.standardVersionId} className="check">
                  <input
                    type="checkbox"
                    checked={standards.includes(v.name)}
                    onChange={(e) => toggle(v.name, e.target.checked)}
                  />
                  {v.name} <span className="muted small">{v.title}</span>
                </label>
              ))}
              {standards
                .filter((s) => !(versions.data ?? []).some((v) => v.name === s))
                .map((s) => (
                  <label key={s} className="check">
                    <input type="checkbox" checked onChange={() => toggle(s, false)} />
                    {s} <span className="muted small">(every version)</span>
                  </label>
                ))}
            </div>
            <span className="field-hint small">
              Standardisation counts for the versions ticked: when a standard’s assessment plan
              version changes, {labels.assessor}s need an event on the new version.
            </span>
          </div>
          <div className="field">
            <label htmlFor="ev-agenda">Agenda</label>
            <textarea
              id="ev-agenda"
              rows={3}
              value={agenda}
              onChange={(e) => setAgenda(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="ev-notes">Notes</label>
            <textarea
              id="ev-notes"
              rows={2}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
            />
          </div>
        </fieldset>
        {error ? <Alert message={error} /> : null}
        {canRecord ? (
          <p className="actions-row">
            <button type="submit" className="button">
              {event ? 'Save event' : 'Create event'}
            </button>
            {event && role === 'iqa_lead' ? (
              <button type="button" className="button danger-outline" onClick={() => void remove()}>
                Delete event
              </button>
            ) : null}
          </p>
        ) : null}
      </form>

      {event ? (
        <>
          <h3>Attendance</h3>
          <AttendancePanel event={event} canEdit={canRecord} onChange={fill} />
          <h3>Agenda and materials</h3>
          <Attachments
            ownerType="event"
            ownerId={event.id}
            kind="materials"
            files={event.attachments}
            label="Attach agenda or materials"
            canEdit={canRecord}
            onChange={() => void load(event.id)}
            testId="event-materials"
          />
          <h3>Sample-marking exercises</h3>
          {exercise === null ? (
            <>
              {event.exercises.length === 0 ? (
                <p className="muted">
                  None yet. An exercise is a set of evidence items (an anonymised project, a
                  recording) with the agreed grade; each attendee grades them and the app shows who
                  agrees and who needs follow-up.
                </p>
              ) : (
                <ul className="plain-list" data-testid="event-exercises">
                  {event.exercises.map((x) => (
                    <li key={x.id}>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setExercise(x.id)}
                      >
                        {x.title}
                      </button>{' '}
                      <span className="muted">
                        {x.standard} · {x.items} items · {x.markers} graded
                      </span>
                      {x.followUp > 0 ? (
                        <span className="warn-text"> · {x.followUp} to follow up</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              {canRecord ? (
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => setExercise('new')}
                >
                  New exercise
                </button>
              ) : null}
            </>
          ) : (
            <ExercisePanel
              key={exercise}
              event={event}
              exerciseId={exercise === 'new' ? null : exercise}
              canEdit={canRecord}
              onClose={() => {
                setExercise(null);
                void load(event.id);
              }}
              onSaved={(id) => setExercise(id)}
              onDeleted={(e) => {
                setExercise(null);
                fill(e);
              }}
            />
          )}
        </>
      ) : null}
    </section>
  );
}
