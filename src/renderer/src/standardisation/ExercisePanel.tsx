import { useEffect, useState, type ReactNode } from 'react';
import type { EventDetailDto, ExerciseDetailDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Attachments } from '../components/Attachments';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { ExerciseEditor } from './ExerciseEditor';
import { ExerciseResults } from './ExerciseResults';
import { MarksEntry } from './MarksEntry';
import { useConfirm } from '../components/Dialog';

/** A sample-marking exercise: its items, each attendee's grades, and the agreement figures. */
export function ExercisePanel(props: {
  event: EventDetailDto;
  exerciseId: number | null;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (id: number) => void;
  onDeleted: (event: EventDetailDto) => void;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  const versions = useApi('standardisation:versions', {});
  const policy = useApi('standardisation:get-policy', {});
  const [exercise, setExercise] = useState<ExerciseDetailDto | null>(null);
  const [editing, setEditing] = useState(props.exerciseId === null);
  const [error, setError] = useState<string | null>(null);

  async function load(id: number): Promise<void> {
    try {
      setExercise(await call('standardisation:get-exercise', { exerciseId: id }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    if (props.exerciseId === null) return;
    let live = true;
    call('standardisation:get-exercise', { exerciseId: props.exerciseId }).then(
      (x) => {
        if (live) setExercise(x);
      },
      (err: unknown) => {
        if (live) setError(messageOf(err));
      },
    );
    return () => {
      live = false;
    };
  }, [props.exerciseId]);

  useEffect(() => {
    if (exercise) emit(`exercise-loaded:${exercise.id}`);
  }, [exercise]);

  async function remove(): Promise<void> {
    if (!exercise) return;
    const yes = await ask({
      title: 'Delete exercise',
      message: `Delete the exercise “${exercise.title}” and the ${exercise.marks.length} grades recorded in it?`,
      confirmLabel: 'Delete exercise',
    });
    if (!yes) return;
    try {
      props.onDeleted(await call('standardisation:delete-exercise', { exerciseId: exercise.id }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  if (error) return <Alert message={error} />;
  if (!versions.data || (props.exerciseId !== null && !exercise)) return <Loading />;

  return (
    <section
      className="exercise-panel"
      aria-labelledby="exercise-title"
      data-testid="exercise-panel"
    >
      {dialog}
      <div className="detail-head">
        <h4 id="exercise-title">
          {exercise
            ? `${exercise.title} (${exercise.version.name})`
            : 'New sample-marking exercise'}
        </h4>
        <button type="button" className="button secondary" onClick={props.onClose}>
          Back to the event
        </button>
      </div>
      {editing ? (
        <ExerciseEditor
          event={props.event}
          versions={versions.data}
          exercise={exercise}
          onSaved={(x) => {
            setExercise(x);
            setEditing(false);
            emit('exercise-saved');
            props.onSaved(x.id);
          }}
          onCancel={() => (exercise ? setEditing(false) : props.onClose())}
        />
      ) : exercise ? (
        <>
          {exercise.instructions ? <p className="muted">{exercise.instructions}</p> : null}
          <ul className="plain-list items-list">
            {exercise.items.map((i) => (
              <li key={i.id}>
                <strong>{i.label}</strong>
                {i.methodCode ? ` (${i.methodCode})` : ''}: agreed <strong>{i.agreedGrade}</strong>
                {i.description ? <span className="muted"> · {i.description}</span> : null}
                <Attachments
                  ownerType="exercise_item"
                  ownerId={i.id}
                  kind="evidence"
                  files={i.attachments}
                  label={`Attach the evidence for ${i.label}`}
                  canEdit={props.canEdit}
                  onChange={() => void load(exercise.id)}
                />
              </li>
            ))}
          </ul>
          {props.canEdit ? (
            <p className="actions-row">
              <button type="button" className="button secondary" onClick={() => setEditing(true)}>
                Edit items
              </button>
              <button type="button" className="button danger-outline" onClick={() => void remove()}>
                Delete exercise
              </button>
            </p>
          ) : null}
          {props.canEdit ? <MarksEntry exercise={exercise} onSaved={setExercise} /> : null}
          <ExerciseResults results={exercise.results} policy={policy.data?.policy} />
        </>
      ) : null}
    </section>
  );
}
