import { useState, type ReactNode } from 'react';
import { ACTIVITY_LABELS, outcomeLabel, type ModerationRecordDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { downloadBase64, localToday } from '../appeals/util';
import { emit } from '../e2e';
import { formatDate, formatTimestamp } from '../format';

type Action = ModerationRecordDto['actions'][number];

/** One action: acknowledged by the assessor (recorded here), then closed by IQA with a note. */
function ActionItem(props: { action: Action; onChange: () => void; canEdit: boolean }): ReactNode {
  const a = props.action;
  const [dialog, setDialog] = useState<'ack' | 'close' | null>(null);
  const [date, setDate] = useState(localToday());
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (dialog === 'ack')
        await call('moderation:acknowledge-action', {
          actionId: a.id,
          acknowledgedOn: date,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
      else await call('moderation:close-action', { actionId: a.id, note: note.trim() });
      emit(dialog === 'ack' ? 'action-acknowledged' : 'action-closed');
      setDialog(null);
      setNote('');
      props.onChange();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const overdue = !a.closedAt && a.dueDate !== null && a.dueDate < localToday();
  return (
    <li className="action-item" data-testid="action-item">
      <div>
        <strong>{a.description}</strong>{' '}
        {a.dueDate ? (
          <span className={overdue ? 'warn-text' : 'muted'}>
            due {formatDate(a.dueDate)}
            {overdue ? ' (overdue)' : ''}
          </span>
        ) : null}
      </div>
      <div className="muted small">
        {a.acknowledgedAt
          ? `Acknowledged by the assessor on ${formatDate(a.acknowledgedAt)} (recorded by ${a.acknowledgedBy})${a.acknowledgementNote ? `: ${a.acknowledgementNote}` : ''}.`
          : 'Not yet acknowledged by the assessor.'}{' '}
        {a.closedAt
          ? `Closed by ${a.closedBy} on ${formatTimestamp(a.closedAt)}: ${a.closedNote ?? ''}`
          : ''}
      </div>
      {props.canEdit && !a.closedAt ? (
        <div className="action-buttons">
          {!a.acknowledgedAt ? (
            <button type="button" className="button secondary" onClick={() => setDialog('ack')}>
              Record acknowledgement
            </button>
          ) : (
            <button type="button" className="button secondary" onClick={() => setDialog('close')}>
              Close action
            </button>
          )}
        </div>
      ) : null}
      {dialog ? (
        <Dialog
          title={dialog === 'ack' ? 'The assessor acknowledged this action' : 'Close this action'}
          confirmLabel={dialog === 'ack' ? 'Record acknowledgement' : 'Close action'}
          onConfirm={() => void run()}
          onCancel={() => setDialog(null)}
          busy={busy}
          confirmDisabled={dialog === 'close' && note.trim().length < 3}
        >
          <p>{a.description}</p>
          {dialog === 'ack' ? (
            <div className="field">
              <label htmlFor={`ack-date-${a.id}`}>Acknowledged on</label>
              <input
                id={`ack-date-${a.id}`}
                type="date"
                max={localToday()}
                value={date}
                onChange={(e) => setDate(e.target.value)}
              />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`note-${a.id}`}>
              {dialog === 'ack' ? 'How (optional)' : 'How the action was met'}
            </label>
            <input id={`note-${a.id}`} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {error ? <p className="form-error-inline">{error}</p> : null}
        </Dialog>
      ) : null}
    </li>
  );
}

export function RecordHistory(props: {
  records: ModerationRecordDto[];
  decisionRef: string;
  canEdit: boolean;
  onChange: () => void;
}): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const pdf = async (recordId: number): Promise<void> => {
    setError(null);
    try {
      const file = await call('moderation:feedback-pdf', { recordId });
      downloadBase64(file.fileName, file.base64, 'application/pdf');
      emit('feedback-pdf');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  if (props.records.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="records-title" data-testid="records">
      <h2 id="records-title">Moderation records</h2>
      {error ? <Alert message={error} /> : null}
      {props.records.map((r) => (
        <article
          key={r.id}
          className={`record${r.superseded ? ' superseded' : ''}`}
          data-testid="record"
        >
          <header className="record-head">
            <h3>
              {outcomeLabel(r.outcome, r.source)} · {r.originalGrade}
              {r.moderatedGrade !== r.originalGrade ? ` → ${r.moderatedGrade}` : ''}
            </h3>
            <button type="button" className="button secondary" onClick={() => void pdf(r.id)}>
              Feedback sheet (PDF)
            </button>
          </header>
          <p className="muted">
            {r.moderatorName}, {formatDate(r.moderationDate)},{' '}
            {ACTIVITY_LABELS[r.activity as keyof typeof ACTIVITY_LABELS] ?? r.activity}
            {r.source === 'import' ? ' (imported)' : ''}
          </p>
          {r.superseded ? (
            <p className="superseded-note" data-testid="record-superseded">
              <strong>Set aside {formatDate(r.superseded.at.slice(0, 10))}:</strong>{' '}
              {r.superseded.reason}.{' '}
              {r.superseded.laterRecordId === undefined
                ? 'This record is kept as history; the decision is moderated again at its new grade.'
                : 'This record is kept as history; it does not change the grade.'}
            </p>
          ) : null}
          {r.escalation ? (
            <p className="escalation-note" data-testid="record-escalation">
              {r.escalation.added > 0
                ? `${r.escalation.assessorRef}’s sample was raised after this disagreement: ${r.escalation.added} decision${r.escalation.added === 1 ? '' : 's'} added.`
                : `${r.escalation.assessorRef}’s sample had already been raised in this plan.`}
            </p>
          ) : null}
          {r.criteria.length ? (
            <p className="small">
              {r.criteria.map((c) => (
                <span key={c.code} className={`criterion ${c.judgement}`}>
                  {c.code} {c.judgement === 'agree' ? '✓' : '✗ disagree'}
                  {c.note ? `: ${c.note}` : ''}
                </span>
              ))}
            </p>
          ) : null}
          {r.feedback ? <blockquote className="feedback">{r.feedback}</blockquote> : null}
          {r.actions.length ? (
            <ul className="actions-list">
              {r.actions.map((a) => (
                <ActionItem
                  key={a.id}
                  action={a}
                  onChange={props.onChange}
                  canEdit={props.canEdit}
                />
              ))}
            </ul>
          ) : null}
        </article>
      ))}
    </section>
  );
}
