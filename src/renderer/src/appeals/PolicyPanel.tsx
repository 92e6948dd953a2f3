import { useState, type ReactNode } from 'react';
import { DEADLINE_LABELS, type AppealsPolicy, type Deadline } from '@shared/appeals';
import type { OutputOf } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { formatDate } from '../format';

type Key = keyof AppealsPolicy['deadlines'];

/** The published timelines in force, each with its unit; an IQA lead can change them. */
export function PolicyPanel(props: {
  view: OutputOf<'appeals:get-policy'>;
  canEdit: boolean;
  onSaved: () => void;
}): ReactNode {
  const { policy, coverage } = props.view;
  const [draft, setDraft] = useState<AppealsPolicy['deadlines']>(policy.deadlines);
  const [dueSoon, setDueSoon] = useState(policy.dueSoonDays);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const keys = Object.keys(DEADLINE_LABELS) as Key[];

  function set(key: Key, change: Partial<Deadline>): void {
    setDraft({ ...draft, [key]: { ...draft[key], ...change } });
    setSaved(false);
  }

  async function save(): Promise<void> {
    setError(null);
    try {
      const { version: _version, ...rest } = policy;
      await call('appeals:set-policy', {
        policy: { ...rest, deadlines: draft, dueSoonDays: dueSoon },
      });
      setSaved(true);
      props.onSaved();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <details className="panel policy-panel" data-testid="appeals-policy">
      <summary>
        Deadlines in force: appeals policy {policy.version} · bank holidays known for{' '}
        {coverage.firstYear} to {coverage.lastYear} (snapshot {formatDate(coverage.snapshotTaken)})
      </summary>
      <p className="muted small">
        Each appeal keeps the policy version in force when it was logged. Working days leave out
        weekends and bank holidays in England and Wales; calendar days count every day.
      </p>
      <table className="table compact narrow">
        <thead>
          <tr>
            <th scope="col">Deadline</th>
            <th scope="col" className="num">
              Days
            </th>
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <td>{DEADLINE_LABELS[k]}</td>
              <td className="num">
                {props.canEdit ? (
                  <input
                    type="number"
                    min={0}
                    max={366}
                    aria-label={`${DEADLINE_LABELS[k]}: days`}
                    value={draft[k].days}
                    onChange={(e) => set(k, { days: Number(e.target.value) })}
                  />
                ) : (
                  draft[k].days
                )}
              </td>
              <td>
                {props.canEdit ? (
                  <select
                    aria-label={`${DEADLINE_LABELS[k]}: unit`}
                    value={draft[k].unit}
                    onChange={(e) => set(k, { unit: e.target.value as Deadline['unit'] })}
                  >
                    <option value="working">working days</option>
                    <option value="calendar">calendar days</option>
                  </select>
                ) : (
                  `${draft[k].unit} days`
                )}
              </td>
            </tr>
          ))}
          <tr>
            <td>“Due soon” when this many days or fewer are left</td>
            <td className="num">
              {props.canEdit ? (
                <input
                  type="number"
                  min={0}
                  max={30}
                  aria-label="Due soon: days"
                  value={dueSoon}
                  onChange={(e) => setDueSoon(Number(e.target.value))}
                />
              ) : (
                dueSoon
              )}
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      {error ? <Alert message={error} /> : null}
      {props.canEdit ? (
        <p>
          <button type="button" className="button secondary" onClick={() => void save()}>
            Save as a new policy version
          </button>{' '}
          {saved ? <span role="status">Saved.</span> : null}
        </p>
      ) : null}
    </details>
  );
}
