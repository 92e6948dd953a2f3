import { useState, type FormEvent, type ReactNode } from 'react';
import {
  ACTION_LABELS,
  APPEAL_TYPE_LABELS,
  AUTHORISATION_LABELS,
  OUTCOMES,
  OUTCOME_LABELS,
  STATUS_LABELS,
  type AppealAction,
  type Outcome,
} from '@shared/appeals';
import type { AppealDetailDto, OutputOf } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { emit } from '../e2e';
import { formatDate, formatTimestamp } from '../format';
import { SystemicPanel } from './SystemicPanel';
import { DeadlinePill, downloadBase64, fileToBase64 } from './util';
import { useConfirm } from '../components/Dialog';

const STAGE_NAMES = ['Enquiry review', 'Stage 1 review', 'Stage 2 independent panel'];
const CONFIRM: Partial<Record<AppealAction, { title: string; message: string }>> = {
  withdraw: { title: 'Withdraw appeal', message: 'Withdraw this appeal? It cannot be reopened.' },
  close: { title: 'Close appeal', message: 'Close this appeal? It cannot be reopened.' },
};

export function AppealDetail(props: {
  appeal: AppealDetailDto;
  groundLabels: Map<string, string>;
  onChange: (appeal: AppealDetailDto) => void;
  onClose: () => void;
}): ReactNode {
  const { ask, dialog } = useConfirm();
  const a = props.appeal;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(action: Exclude<AppealAction, 'decide'>): Promise<void> {
    const question = CONFIRM[action];
    if (question && !(await ask({ ...question, confirmLabel: question.title }))) return;
    setBusy(true);
    setError(null);
    try {
      props.onChange(await call('appeals:transition', { appealId: a.id, action }));
      emit(`appeal-action:${action}`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function addFiles(files: FileList | null): Promise<void> {
    if (!files) return;
    setError(null);
    try {
      let latest = a;
      for (const file of files) {
        latest = await call('appeals:add-evidence', {
          appealId: a.id,
          fileName: file.name,
          base64: await fileToBase64(file),
        });
      }
      props.onChange(latest);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function download(evidenceId: number): Promise<void> {
    setError(null);
    try {
      const file = await call('appeals:evidence-file', { evidenceId });
      downloadBase64(file.fileName, file.base64, 'application/octet-stream');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const stageActions = a.actions.filter(
    (x): x is Exclude<AppealAction, 'decide'> => x !== 'decide',
  );
  const reviewing = ['received', 'acknowledged', 'under_review', 'escalated'].includes(a.status);

  return (
    <section
      className="panel appeal-detail"
      aria-labelledby="appeal-title"
      data-testid="appeal-detail"
    >
      {dialog}
      <div className="detail-head">
        <h2 id="appeal-title">
          {a.ref} · {a.apprentice} <span className="mono small">{a.uln}</span>
        </h2>
        <button type="button" className="button secondary" onClick={props.onClose}>
          Back to list
        </button>
      </div>
      <p>
        <span className="pill" data-testid="appeal-status">
          {STATUS_LABELS[a.status]}
        </span>{' '}
        {a.outcome ? <span className="pill">{OUTCOME_LABELS[a.outcome]}</span> : null}{' '}
        {a.late ? (
          <span className="pill deadline-due_soon">Lodged late (flagged, not refused)</span>
        ) : null}{' '}
        {a.certificateReissue ? (
          <span className="pill deadline-overdue" data-testid="reissue">
            Certificate needs re-issue
          </span>
        ) : null}
      </p>
      <div className="panel-grid">
        <dl className="facts">
          <dt>Kind</dt>
          <dd>{a.kind === 'enquiry' ? 'Enquiry about results' : 'Appeal'}</dd>
          <dt>Against</dt>
          <dd>{APPEAL_TYPE_LABELS[a.type]}</dd>
          <dt>EPA</dt>
          <dd>
            {a.standard} v{a.version} · {a.epaStatus.replace(/_/g, ' ')} · overall{' '}
            <strong data-testid="overall-grade">{a.overallGrade ?? '—'}</strong>
          </dd>
          <dt>Appellant</dt>
          <dd>
            {a.appellantName} ({a.appellantKind})
            {a.authorisations.length
              ? ` · ${a.authorisations.map((x) => AUTHORISATION_LABELS[x]).join('; ')}`
              : ''}
          </dd>
        </dl>
        <dl className="facts">
          <dt>Result</dt>
          <dd>{formatDate(a.resultDate)}</dd>
          <dt>Received</dt>
          <dd>
            {formatDate(a.receivedDate)} (lodge by {formatDate(a.lodgeBy)})
          </dd>
          <dt>Logged by</dt>
          <dd>
            {a.loggedBy} · policy {a.policyVersion}
          </dd>
          <dt>Next deadline</dt>
          <dd>
            {a.deadline ? (
              <>
                {a.deadline.label}: {formatDate(a.deadline.dueDate)} ({a.deadline.days}{' '}
                {a.deadline.unit} days) <DeadlinePill deadline={a.deadline} />
              </>
            ) : (
              'None'
            )}
          </dd>
        </dl>
        <dl className="facts">
          <dt>Grounds</dt>
          <dd>{a.grounds.map((g) => props.groundLabels.get(g) ?? g).join('; ')}</dd>
          <dt>Description</dt>
          <dd className="prewrap">{a.description}</dd>
        </dl>
      </div>
      {a.deadline?.calendarWarning ? (
        <p className="warning-note">{a.deadline.calendarWarning}</p>
      ) : null}

      <h3>Decisions appealed</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Ref</th>
            <th scope="col">Assessed</th>
            <th scope="col">Assessor</th>
            <th scope="col">Grade now</th>
          </tr>
        </thead>
        <tbody>
          {a.decisions.map((d) => (
            <tr key={d.decisionId}>
              <td>{d.method}</td>
              <td className="mono">{d.decisionRef ?? d.decisionId}</td>
              <td>{formatDate(d.assessmentDate)}</td>
              <td>
                {d.assessorName} ({d.assessorRef})
              </td>
              <td data-testid={`grade-${d.method}`}>{d.grade}</td>
            </tr>
          ))}
          {a.decisions.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                Not against a method decision.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>

      {error ? <Alert message={error} /> : null}
      {stageActions.length ? (
        <div className="stage-actions" role="group" aria-label="Stage actions">
          {stageActions.map((x) => (
            <button
              key={x}
              type="button"
              className={x === 'withdraw' ? 'button secondary' : 'button'}
              disabled={busy}
              onClick={() => void act(x)}
            >
              {ACTION_LABELS[x]}
            </button>
          ))}
        </div>
      ) : null}

      <h3>Reviewers</h3>
      {a.reviewers.length ? (
        <ul className="reviewers">
          {a.reviewers.map((r) => (
            <li key={r.id}>
              {STAGE_NAMES[r.stage]}: <strong>{r.name}</strong>
              {r.independentOfEpao ? ' · independent of the EPAO' : ' · EPAO staff'}
              {r.competence ? ` · ${r.competence}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None assigned yet.</p>
      )}
      {reviewing ? <ReviewerForm appeal={a} onChange={props.onChange} /> : null}

      {a.actions.includes('decide') ? <OutcomeForm appeal={a} onChange={props.onChange} /> : null}

      {a.gradeChanges.length ? (
        <>
          <h3>Grade changes</h3>
          <ul data-testid="grade-changes">
            {a.gradeChanges.map((g, i) => (
              <li key={i}>
                {g.method}: {g.oldGrade} → <strong>{g.newGrade}</strong> (overall{' '}
                {g.overallBefore ?? '—'} → {g.overallAfter ?? '—'}) by {g.changedBy}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.outcomeReason ? (
        <p>
          <strong>Reason: </strong>
          {a.outcomeReason}
        </p>
      ) : null}

      {a.systemicFailure ? <SystemicPanel appealId={a.id} note={a.systemicNote} /> : null}

      <h3>Evidence</h3>
      {a.evidence.length ? (
        <ul>
          {a.evidence.map((e) => (
            <li key={e.id}>
              <button type="button" className="link-button" onClick={() => void download(e.id)}>
                {e.fileName}
              </button>{' '}
              · {Math.ceil(e.sizeBytes / 1024)} KB · sha256{' '}
              <span className="mono small">{e.sha256.slice(0, 16)}…</span> · added by {e.addedBy}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No files attached.</p>
      )}
      {a.status !== 'closed' && a.status !== 'withdrawn' ? (
        <label className="field inline">
          <span>Attach files</span>
          <input type="file" multiple onChange={(e) => void addFiles(e.target.files)} />
        </label>
      ) : null}

      <h3>History</h3>
      <ol className="history" data-testid="appeal-history">
        {a.history.map((h, i) => (
          <li key={i}>
            <span className="muted">{formatTimestamp(h.at)}</span> · <strong>{h.actor}</strong> ·{' '}
            {h.action.replace('appeal.', '').replace(/-/g, ' ')}: {h.summary}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReviewerForm(props: {
  appeal: AppealDetailDto;
  onChange: (a: AppealDetailDto) => void;
}): ReactNode {
  const users = useApi('users:list', {});
  const [who, setWho] = useState('');
  const [external, setExternal] = useState('');
  const [independent, setIndependent] = useState(false);
  const [competence, setCompetence] = useState('');
  const [error, setError] = useState<string | null>(null);
  const stage = props.appeal.kind === 'enquiry' ? 0 : props.appeal.status === 'escalated' ? 2 : 1;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      const next = await call('appeals:assign-reviewer', {
        appealId: props.appeal.id,
        ...(who === 'external' ? { name: external } : { userId: Number(who) }),
        independentOfEpao: who === 'external' && independent,
        ...(competence.trim() ? { competence } : {}),
      });
      setWho('');
      setExternal('');
      setIndependent(false);
      setCompetence('');
      props.onChange(next);
    } catch (err) {
      setError(messageOf(err));
      emit('appeal-reviewer-refused');
    }
  }

  return (
    <form
      className="inline-form reviewer-form"
      onSubmit={(e) => void submit(e)}
      aria-label="Assign a reviewer"
    >
      <div className="field">
        <label htmlFor="reviewer">Assign to {STAGE_NAMES[stage]?.toLowerCase()}</label>
        <select id="reviewer" value={who} onChange={(e) => setWho(e.target.value)} required>
          <option value="">Choose…</option>
          {(users.data ?? [])
            .filter((u) => u.active && u.role !== 'read_only')
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          <option value="external">Someone outside the EPAO…</option>
        </select>
      </div>
      {who === 'external' ? (
        <>
          <div className="field">
            <label htmlFor="external-name">Name</label>
            <input
              id="external-name"
              required
              value={external}
              onChange={(e) => setExternal(e.target.value)}
            />
          </div>
          <label className="field checkbox">
            <input
              type="checkbox"
              checked={independent}
              onChange={(e) => setIndependent(e.target.checked)}
            />
            Independent of the EPAO (not an employee, assessor or otherwise connected)
          </label>
        </>
      ) : null}
      <div className="field">
        <label htmlFor="competence">Competence (optional)</label>
        <input id="competence" value={competence} onChange={(e) => setCompetence(e.target.value)} />
      </div>
      <button type="submit" className="button secondary">
        Assign
      </button>
      {error ? (
        <div className="form-error" data-testid="reviewer-refusal">
          <Alert title="Refused:" message={error} />
        </div>
      ) : null}
    </form>
  );
}

function OutcomeForm(props: {
  appeal: AppealDetailDto;
  onChange: (a: AppealDetailDto) => void;
}): ReactNode {
  const a = props.appeal;
  const [outcome, setOutcome] = useState<Outcome>('not_upheld');
  const [reason, setReason] = useState('');
  const [grades, setGrades] = useState<Record<number, string>>(() =>
    Object.fromEntries(a.decisions.map((d) => [d.decisionId, d.grade])),
  );
  const [systemic, setSystemic] = useState(false);
  const [systemicNote, setSystemicNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const changesGrades = outcome === 'upheld' || outcome === 'partially_upheld';

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      const next = await call('appeals:decide', {
        appealId: a.id,
        outcome,
        reason,
        gradeChanges: changesGrades
          ? a.decisions
              .filter((d) => grades[d.decisionId] && grades[d.decisionId] !== d.grade)
              .map((d) => ({ decisionId: d.decisionId, grade: grades[d.decisionId] as string }))
          : [],
        systemicFailure: systemic,
        ...(systemic && systemicNote.trim() ? { systemicNote } : {}),
      });
      props.onChange(next);
      emit('appeal-decided');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <form
      className="panel outcome-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="outcome-title"
    >
      <h3 id="outcome-title">
        Record the {a.kind === 'enquiry' ? 'enquiry' : `stage ${a.stage}`} decision
      </h3>
      <div className="row">
        <div className="field">
          <label htmlFor="outcome">Outcome</label>
          <select
            id="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome)}
          >
            {OUTCOMES.filter((o) => o !== 'withdrawn').map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        {changesGrades
          ? a.decisions.map((d) => (
              <div className="field" key={d.decisionId}>
                <label htmlFor={`new-grade-${d.decisionId}`}>
                  New {d.method} grade (was {d.grade})
                </label>
                <select
                  id={`new-grade-${d.decisionId}`}
                  value={grades[d.decisionId] ?? d.grade}
                  onChange={(e) => setGrades({ ...grades, [d.decisionId]: e.target.value })}
                >
                  {a.grades.map((g) => (
                    <option key={g} value={g}>
                      {g}
                    </option>
                  ))}
                </select>
              </div>
            ))
          : null}
      </div>
      <div className="field">
        <label htmlFor="outcome-reason">Reason</label>
        <textarea
          id="outcome-reason"
          rows={2}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <label className="field checkbox">
        <input type="checkbox" checked={systemic} onChange={(e) => setSystemic(e.target.checked)} />
        Reveals a failure in the assessment process (find other affected learners)
      </label>
      {systemic ? (
        <div className="field">
          <label htmlFor="systemic-note">What failed</label>
          <input
            id="systemic-note"
            value={systemicNote}
            onChange={(e) => setSystemicNote(e.target.value)}
          />
        </div>
      ) : null}
      {error ? <Alert message={error} /> : null}
      <button type="submit" className="button">
        Record decision
      </button>
    </form>
  );
}

export type AppealList = OutputOf<'appeals:list'>;
