import { useState, type FormEvent, type ReactNode } from 'react';
import type {
  EventDetailDto,
  ExerciseDetailDto,
  Judgement,
  VersionChoiceDto,
} from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { useConfirm } from '../components/Dialog';

interface ItemDraft {
  id?: number;
  label: string;
  methodCode: string;
  description: string;
  agreedGrade: string;
  agreedCriteria: Record<string, Judgement>;
}

function blank(n: number, version: VersionChoiceDto | undefined): ItemDraft {
  return {
    label: `Item ${String.fromCharCode(64 + n)}`,
    methodCode: '',
    description: '',
    agreedGrade: version?.grades[1] ?? version?.grades[0] ?? '',
    agreedCriteria: {},
  };
}

/** The evidence items of an exercise, each with the grade (and criteria) the panel agreed. */
export function ExerciseEditor(props: {
  event: EventDetailDto;
  versions: VersionChoiceDto[];
  exercise: ExerciseDetailDto | null;
  onSaved: (x: ExerciseDetailDto) => void;
  onCancel: () => void;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  // Only versions the event covered can be marked against.
  const choices = props.versions.filter((v) =>
    props.event.standards.some((s) => s === v.name || s === v.code),
  );
  const x = props.exercise;
  const [title, setTitle] = useState(x?.title ?? 'Sample marking');
  const [versionId, setVersionId] = useState<number>(
    x?.version.standardVersionId ?? choices[0]?.standardVersionId ?? 0,
  );
  const [instructions, setInstructions] = useState(x?.instructions ?? '');
  const version = props.versions.find((v) => v.standardVersionId === versionId);
  const [items, setItems] = useState<ItemDraft[]>(
    x
      ? x.items.map((i) => ({
          id: i.id,
          label: i.label,
          methodCode: i.methodCode ?? '',
          description: i.description ?? '',
          agreedGrade: i.agreedGrade,
          agreedCriteria: { ...i.agreedCriteria },
        }))
      : [blank(1, version)],
  );
  const [error, setError] = useState<string | null>(null);

  function update(index: number, change: Partial<ItemDraft>): void {
    setItems(items.map((it, i) => (i === index ? { ...it, ...change } : it)));
  }

  async function removeItem(index: number): Promise<void> {
    const it = items[index];
    const graded = it?.id !== undefined && (x?.marks ?? []).some((m) => m.itemId === it.id);
    const yes =
      !graded ||
      (await ask({
        title: 'Remove item',
        message: `Remove ${it?.label}? The grades attendees gave it are removed when you save.`,
        confirmLabel: 'Remove item',
      }));
    if (!yes) return;
    setItems(items.filter((_, i) => i !== index));
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      const saved = await call('standardisation:save-exercise', {
        eventId: props.event.id,
        ...(x ? { exerciseId: x.id } : {}),
        title,
        standardVersionId: versionId,
        instructions,
        items: items.map((it) => ({
          ...(it.id !== undefined ? { id: it.id } : {}),
          label: it.label,
          methodCode: it.methodCode || null,
          description: it.description,
          agreedGrade: it.agreedGrade,
          agreedCriteria: it.agreedCriteria,
        })),
      });
      props.onSaved(saved);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  if (choices.length === 0)
    return (
      <p className="warning-note">
        Tick the standard versions this event covered (and save the event) before adding an
        exercise.
      </p>
    );

  return (
    <form className="exercise-editor boxed" onSubmit={(e) => void submit(e)} aria-label="Exercise">
      {dialog}
      <div className="row">
        <div className="field grow">
          <label htmlFor="x-title">Exercise title</label>
          <input id="x-title" value={title} onChange={(e) => setTitle(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="x-version">Standard version</label>
          <select
            id="x-version"
            value={versionId}
            disabled={(x?.marks.length ?? 0) > 0}
            onChange={(e) => setVersionId(Number(e.target.value))}
          >
            {choices.map((v) => (
              <option key={v.standardVersionId} value={v.standardVersionId}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="x-instructions">Instructions (optional)</label>
        <input
          id="x-instructions"
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
        />
      </div>
      <table className="table compact items-table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Method</th>
            <th scope="col">Agreed grade</th>
            <th scope="col">Description and agreed criteria</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, index) => {
            const method = version?.methods.find((m) => m.code === it.methodCode);
            return (
              <tr key={it.id ?? `new-${index}`}>
                <td>
                  <input
                    aria-label={`Item ${index + 1} label`}
                    value={it.label}
                    onChange={(e) => update(index, { label: e.target.value })}
                    required
                  />
                </td>
                <td>
                  <select
                    aria-label={`Item ${index + 1} method`}
                    value={it.methodCode}
                    onChange={(e) =>
                      update(index, { methodCode: e.target.value, agreedCriteria: {} })
                    }
                  >
                    <option value="">Not tied to a method</option>
                    {(version?.methods ?? []).map((m) => (
                      <option key={m.code} value={m.code}>
                        {m.code} {m.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Item ${index + 1} agreed grade`}
                    value={it.agreedGrade}
                    onChange={(e) => update(index, { agreedGrade: e.target.value })}
                  >
                    {(version?.grades ?? []).map((g) => (
                      <option key={g} value={g}>
                        {g}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Item ${index + 1} description`}
                    value={it.description}
                    placeholder="e.g. anonymised work-based project, 2,480 words"
                    onChange={(e) => update(index, { description: e.target.value })}
                  />
                  {method ? (
                    <details className="criteria">
                      <summary>
                        Agreed criteria ({Object.keys(it.agreedCriteria).length} of{' '}
                        {method.criteria.length} judged)
                      </summary>
                      <div className="criteria-grid">
                        {method.criteria.map((c) => (
                          <label key={c.code} title={c.text}>
                            <span className="mono">{c.code}</span>
                            <select
                              value={it.agreedCriteria[c.code] ?? ''}
                              onChange={(e) => {
                                const next = { ...it.agreedCriteria };
                                if (e.target.value) next[c.code] = e.target.value as Judgement;
                                else delete next[c.code];
                                update(index, { agreedCriteria: next });
                              }}
                            >
                              <option value="">—</option>
                              <option value="met">Met</option>
                              <option value="not_met">Not met</option>
                            </select>
                          </label>
                        ))}
                      </div>
                    </details>
                  ) : null}
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    disabled={items.length === 1}
                    onClick={() => void removeItem(index)}
                    aria-label={`Remove ${it.label}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="actions-row">
        <button
          type="button"
          className="button secondary"
          onClick={() => setItems([...items, blank(items.length + 1, version)])}
        >
          Add an item
        </button>
      </p>
      {error ? <Alert message={error} /> : null}
      <p className="actions-row">
        <button type="submit" className="button">
          Save exercise
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
