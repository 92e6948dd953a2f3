import { useState, type ReactNode } from 'react';
import type { SystemicDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { formatDate } from '../format';

/** Other decisions that may share the failure, and the remediation list with its progress. */
export function SystemicPanel(props: { appealId: number; note: string | null }): ReactNode {
  const view = useApi('appeals:systemic', { appealId: props.appealId });
  const [data, setData] = useState<SystemicDto | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [action, setAction] = useState('');
  const [error, setError] = useState<string | null>(null);
  const v = data ?? view.data;
  if (!v) return null;

  async function add(): Promise<void> {
    setError(null);
    try {
      setData(
        await call('appeals:add-remediation', {
          appealId: props.appealId,
          decisionIds: picked,
          action,
        }),
      );
      setPicked([]);
      setAction('');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function mark(id: number, status: 'open' | 'done'): Promise<void> {
    setError(null);
    try {
      setData(await call('appeals:update-remediation', { remediationId: id, status }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const candidates = v.candidates.filter(
    (c) => !c.onList && !v.remediation.some((r) => r.decisionId === c.decisionId),
  );
  return (
    <section className="systemic" aria-labelledby="systemic-title" data-testid="systemic">
      <h3 id="systemic-title">
        Failure in the assessment process · remediation {v.progress.done} of {v.progress.total} done
      </h3>
      {props.note ? <p>{props.note}</p> : null}
      {error ? <Alert message={error} /> : null}
      {v.remediation.length ? (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col">ULN</th>
              <th scope="col">Action</th>
              <th scope="col">Status</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {v.remediation.map((r) => (
              <tr key={r.id}>
                <td className="mono">
                  {r.decisionRef ?? r.decisionId} ({r.method})
                </td>
                <td className="mono">{r.uln}</td>
                <td>{r.action}</td>
                <td>{r.status === 'done' ? `Done ${formatDate(r.doneAt)}` : 'Open'}</td>
                <td>
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => void mark(r.id, r.status === 'done' ? 'open' : 'done')}
                  >
                    {r.status === 'done' ? 'Reopen' : 'Mark done'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h4>Other decisions that may be affected ({candidates.length})</h4>
      {candidates.length === 0 ? (
        <p className="muted">None found beyond the remediation list.</p>
      ) : (
        <>
          <div className="table-wrap short">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Add</th>
                  <th scope="col">Decision</th>
                  <th scope="col">ULN</th>
                  <th scope="col">Assessed</th>
                  <th scope="col">Assessor</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.decisionId}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Add ${c.decisionRef ?? c.decisionId} to the remediation list`}
                        checked={picked.includes(c.decisionId)}
                        onChange={(e) =>
                          setPicked(
                            e.target.checked
                              ? [...picked, c.decisionId]
                              : picked.filter((x) => x !== c.decisionId),
                          )
                        }
                      />
                    </td>
                    <td className="mono">
                      {c.decisionRef ?? c.decisionId} ({c.method})
                    </td>
                    <td className="mono">{c.uln}</td>
                    <td>{formatDate(c.assessmentDate)}</td>
                    <td>{c.assessorRef}</td>
                    <td>{c.grade}</td>
                    <td>{c.why.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="inline-form">
            <div className="field grow">
              <label htmlFor="remediation-action">Action for the ticked decisions</label>
              <input
                id="remediation-action"
                value={action}
                onChange={(e) => setAction(e.target.value)}
              />
            </div>
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                setPicked(
                  picked.length === candidates.length ? [] : candidates.map((c) => c.decisionId),
                )
              }
            >
              {picked.length === candidates.length ? 'Untick all' : `Tick all ${candidates.length}`}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={picked.length === 0 || !action.trim()}
              onClick={() => void add()}
            >
              Add to remediation list
            </button>
          </div>
        </>
      )}
    </section>
  );
}
