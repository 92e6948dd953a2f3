import { useState, type FormEvent, type ReactNode } from 'react';
import {
  ACTIVITIES,
  ACTIVITY_LABELS,
  OUTCOME_LABELS,
  type ModerationContextDto,
  type OutputOf,
  type Outcome,
} from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { localToday } from '../appeals/util';
import { emit } from '../e2e';

type Judgement = 'agree' | 'disagree' | '';
type Saved = OutputOf<'moderation:save-record'>;

const CHANGES_GRADE: Outcome[] = ['grade_changed_borderline', 'grade_changed_criteria_misapplied'];
const AGREES: Outcome[] = ['agreed', 'agreed_with_feedback'];

/** Judgement and error are kept apart in the outcomes: the groups say which is which. */
const OUTCOME_GROUPS: { label: string; outcomes: Outcome[] }[] = [
  { label: 'The grade stands', outcomes: ['agreed', 'agreed_with_feedback'] },
  {
    label: 'The grade changes',
    outcomes: ['grade_changed_borderline', 'grade_changed_criteria_misapplied'],
  },
  { label: 'Something else went wrong', outcomes: ['procedural_issue', 'referred_back'] },
];

export function ModerationForm(props: {
  context: ModerationContextDto;
  onSaved: (saved: Saved) => void;
}): ReactNode {
  const c = props.context;
  const d = c.decision;
  const [activity, setActivity] = useState<(typeof ACTIVITIES)[number]>('documentation_review');
  const [judgements, setJudgements] = useState<Record<string, { j: Judgement; note: string }>>({});
  const [grade, setGrade] = useState(d.grade);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [feedback, setFeedback] = useState('');
  const [actions, setActions] = useState<{ description: string; dueDate: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const changed = grade !== d.grade;
  const allowed = (o: Outcome): boolean =>
    changed ? !AGREES.includes(o) : !CHANGES_GRADE.includes(o);
  const judge = (code: string, patch: Partial<{ j: Judgement; note: string }>): void =>
    setJudgements((prev) => ({
      ...prev,
      [code]: { j: prev[code]?.j ?? '', note: prev[code]?.note ?? '', ...patch },
    }));
  const disagreements = Object.values(judgements).filter((x) => x.j === 'disagree').length;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!outcome) {
      setError('Choose an outcome.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await call('moderation:save-record', {
        decisionId: d.id,
        activity,
        criteria: Object.entries(judgements)
          .filter(([, v]) => v.j !== '')
          .map(([code, v]) => ({
            code,
            judgement: v.j as 'agree' | 'disagree',
            ...(v.note.trim() ? { note: v.note.trim() } : {}),
          })),
        moderatedGrade: grade,
        outcome,
        ...(feedback.trim() ? { feedback: feedback.trim() } : {}),
        actions: actions
          .filter((a) => a.description.trim())
          .map((a) => ({
            description: a.description.trim(),
            ...(a.dueDate ? { dueDate: a.dueDate } : {}),
          })),
      });
      emit('moderation-saved');
      props.onSaved(saved);
    } catch (e) {
      setError(messageOf(e));
      emit('moderation-refused');
    } finally {
      setBusy(false);
    }
  };

  const byGrade = new Map<string, typeof c.criteria>();
  for (const cr of c.criteria) byGrade.set(cr.grade, [...(byGrade.get(cr.grade) ?? []), cr]);

  return (
    <form
      className="panel moderation-form"
      onSubmit={(e) => void submit(e)}
      data-testid="moderation-form"
    >
      <h2>Moderate this decision</h2>
      <fieldset className="activity">
        <legend>How was it moderated?</legend>
        {ACTIVITIES.map((a) => (
          <label key={a} className="radio">
            <input
              type="radio"
              name="activity"
              value={a}
              checked={activity === a}
              onChange={() => setActivity(a)}
            />
            {ACTIVITY_LABELS[a]}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>
          Criteria for {d.method} in {d.standard} v{d.version}
        </legend>
        <p className="field-hint">
          Say whether the evidence meets each criterion as the assessor judged it. Leave a criterion
          blank if you did not look at it.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() =>
              setJudgements((prev) =>
                Object.fromEntries(
                  c.criteria.map((cr) => [
                    cr.code,
                    { j: prev[cr.code]?.j || 'agree', note: prev[cr.code]?.note ?? '' },
                  ]),
                ),
              )
            }
          >
            Agree with the rest
          </button>
        </p>
        {[...byGrade.entries()].map(([g, list]) => (
          <table key={g} className="table compact criteria" data-testid={`criteria-${g}`}>
            <caption>{g} criteria</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Judgement</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {list.map((cr) => {
                const v = judgements[cr.code] ?? { j: '', note: '' };
                return (
                  <tr key={cr.code} className={v.j === 'disagree' ? 'disagree' : undefined}>
                    <td>
                      <span className="code-badge">{cr.code}</span> {cr.text}
                    </td>
                    <td className="nowrap">
                      <label className="radio">
                        <input
                          type="radio"
                          name={`j-${cr.code}`}
                          checked={v.j === 'agree'}
                          onChange={() => judge(cr.code, { j: 'agree' })}
                        />
                        Agree
                      </label>
                      <label className="radio">
                        <input
                          type="radio"
                          name={`j-${cr.code}`}
                          checked={v.j === 'disagree'}
                          onChange={() => judge(cr.code, { j: 'disagree' })}
                          aria-label={`Disagree with ${cr.code}`}
                        />
                        Disagree
                      </label>
                    </td>
                    <td>
                      <input
                        aria-label={`Note on ${cr.code}`}
                        value={v.note}
                        onChange={(e) => judge(cr.code, { note: e.target.value })}
                        placeholder={v.j === 'disagree' ? 'What was missing?' : ''}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
      </fieldset>

      <div className="row">
        <div className="field">
          <label htmlFor="m-grade">Moderated grade</label>
          <select
            id="m-grade"
            value={grade}
            onChange={(e) => {
              setGrade(e.target.value);
              setOutcome('');
            }}
          >
            {c.grades.map((g) => (
              <option key={g} value={g}>
                {g}
                {g === d.grade ? ' (the assessor’s)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="m-outcome">Outcome</label>
          <select
            id="m-outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome)}
          >
            <option value="">Choose…</option>
            {OUTCOME_GROUPS.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.outcomes.map((o) => (
                  <option key={o} value={o} disabled={!allowed(o)}>
                    {OUTCOME_LABELS[o]}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      </div>
      {changed ? (
        <p className="warning-note" data-testid="grade-change-note">
          Changing {d.grade} to {grade} changes the {d.standard} overall grade by the standard’s
          rule, is recorded in the audit log, and raises {d.assessorRef}’s sample for the rest of
          the period.
        </p>
      ) : disagreements > 0 ? (
        <p className="muted">
          You disagree on {disagreements} criterion{disagreements === 1 ? '' : 'a'} but keep the
          grade: say why in the feedback.
        </p>
      ) : null}

      <div className="field">
        <label htmlFor="m-feedback">Feedback to the assessor</label>
        <textarea
          id="m-feedback"
          rows={3}
          value={feedback}
          onChange={(e) => setFeedback(e.target.value)}
          placeholder="What was done well, and what to do differently"
        />
      </div>

      <fieldset>
        <legend>Actions for the assessor</legend>
        {actions.length === 0 ? <p className="muted small">No actions.</p> : null}
        {actions.map((a, i) => (
          <div key={i} className="row action-row">
            <div className="field grow">
              <label htmlFor={`a-desc-${i}`}>Action {i + 1}</label>
              <input
                id={`a-desc-${i}`}
                value={a.description}
                onChange={(e) =>
                  setActions(
                    actions.map((x, k) => (k === i ? { ...x, description: e.target.value } : x)),
                  )
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`a-due-${i}`}>Due by</label>
              <input
                id={`a-due-${i}`}
                type="date"
                min={localToday()}
                value={a.dueDate}
                onChange={(e) =>
                  setActions(
                    actions.map((x, k) => (k === i ? { ...x, dueDate: e.target.value } : x)),
                  )
                }
              />
            </div>
            <button
              type="button"
              className="button secondary"
              onClick={() => setActions(actions.filter((_, k) => k !== i))}
              aria-label={`Remove action ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button secondary"
          onClick={() => setActions([...actions, { description: '', dueDate: '' }])}
        >
          Add an action
        </button>
      </fieldset>

      {error ? <Alert message={error} title="Not saved." /> : null}
      <div className="row">
        <button type="submit" className="button" disabled={busy} data-testid="save-moderation">
          {busy ? 'Saving…' : 'Save moderation'}
        </button>
      </div>
    </form>
  );
}
