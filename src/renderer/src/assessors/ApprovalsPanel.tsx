import { useState, type ReactNode } from 'react';
import type { AssessorProfileDto, VersionChoiceDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { formatDate } from '../format';

interface Draft {
  on: boolean;
  from: string;
  to: string;
}

/** The standard versions the assessor is approved to assess, each with its dates. */
export function ApprovalsPanel(props: {
  profile: AssessorProfileDto;
  versions: VersionChoiceDto[];
  canEdit: boolean;
  onSaved: (p: AssessorProfileDto) => void;
}): ReactNode {
  const initial = (): Record<number, Draft> =>
    Object.fromEntries(
      props.versions.map((v) => {
        const a = props.profile.approvals.find((x) => x.standardVersionId === v.standardVersionId);
        return [
          v.standardVersionId,
          { on: Boolean(a), from: a?.approvedFrom ?? '', to: a?.approvedTo ?? '' },
        ];
      }),
    );
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  function set(id: number, change: Partial<Draft>): void {
    setDraft({ ...draft, [id]: { ...(draft[id] as Draft), ...change } });
    setSaved(false);
  }

  async function save(): Promise<void> {
    setError(null);
    try {
      const approvals = props.versions
        .filter((v) => draft[v.standardVersionId]?.on)
        .map((v) => {
          const d = draft[v.standardVersionId] as Draft;
          return {
            standardVersionId: v.standardVersionId,
            approvedFrom: d.from || null,
            approvedTo: d.to || null,
          };
        });
      props.onSaved(
        await call('assessors:set-approvals', { assessorId: props.profile.id, approvals }),
      );
      setSaved(true);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  if (!props.canEdit)
    return props.profile.approvals.length === 0 ? (
      <p className="muted">No approvals recorded.</p>
    ) : (
      <ul className="plain-list">
        {props.profile.approvals.map((a) => (
          <li key={a.standardVersionId}>
            {a.standard}
            {a.approvedFrom ? ` from ${formatDate(a.approvedFrom)}` : ''}
            {a.approvedTo ? ` to ${formatDate(a.approvedTo)}` : ''}
          </li>
        ))}
      </ul>
    );

  return (
    <div data-testid="approvals">
      <table className="table compact narrow">
        <thead>
          <tr>
            <th scope="col">Standard version</th>
            <th scope="col">Approved</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((v) => {
            const d = draft[v.standardVersionId] as Draft;
            return (
              <tr key={v.standardVersionId}>
                <td>
                  {v.name} <span className="muted small">{v.title}</span>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Approved for ${v.name}`}
                    checked={d.on}
                    onChange={(e) => set(v.standardVersionId, { on: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="date"
                    aria-label={`${v.name} approved from`}
                    value={d.from}
                    disabled={!d.on}
                    onChange={(e) => set(v.standardVersionId, { from: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="date"
                    aria-label={`${v.name} approved to`}
                    value={d.to}
                    disabled={!d.on}
                    onChange={(e) => set(v.standardVersionId, { to: e.target.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? <Alert message={error} /> : null}
      <p>
        <button type="button" className="button secondary" onClick={() => void save()}>
          Save approvals
        </button>{' '}
        {saved ? <span role="status">Saved.</span> : null}
      </p>
    </div>
  );
}
