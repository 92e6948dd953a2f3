import { useEffect, useState, type ReactNode } from 'react';
import type { ModerationContextDto, OutputOf } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate, humanise } from '../format';
import { useAppStatus } from '../status';
import { ModerationForm } from './ModerationForm';
import { RecordHistory } from './RecordHistory';

type Saved = OutputOf<'moderation:save-record'>;

const MEASURES: [keyof ModerationContextDto['decision'], string, string][] = [
  ['durationMinutes', 'Duration', 'minutes'],
  ['questioningMinutes', 'Questioning', 'minutes'],
  ['wordCount', 'Report', 'words'],
  ['evidencePieces', 'Portfolio', 'pieces'],
];

function Facts(props: { c: ModerationContextDto }): ReactNode {
  const { decision: d, item } = props.c;
  return (
    <section className="panel decision-facts" aria-labelledby="decision-title">
      <dl className="facts">
        <dt>Apprentice</dt>
        <dd>
          {d.apprentice} <span className="mono small">ULN {d.uln}</span>
        </dd>
        <dt>Employer</dt>
        <dd>{d.employer ?? '—'}</dd>
        <dt>Provider</dt>
        <dd>{d.provider ?? '—'}</dd>
        <dt>Standard</dt>
        <dd>
          {d.standard} v{d.version}
        </dd>
        <dt>Method</dt>
        <dd>
          {d.methodName} ({d.method}){d.attempt > 1 ? `, attempt ${d.attempt}` : ''}
        </dd>
        <dt>Assessor</dt>
        <dd>
          {d.assessorName} <span className="mono small">{d.assessorRef}</span>
        </dd>
        <dt>Assessed</dt>
        <dd>{formatDate(d.assessmentDate)}</dd>
        <dt>Grade</dt>
        <dd>
          <strong data-testid="decision-grade">{d.grade}</strong>{' '}
          <span className="muted">
            ({humanise(d.status)}; overall {d.overallGrade ?? 'not yet known'})
          </span>
        </dd>
        {MEASURES.filter(([k]) => d[k] !== null).map(([k, label, unit]) => (
          <div key={k} className="facts-pair">
            <dt>{label}</dt>
            <dd>
              {String(d[k])} {unit}
            </dd>
          </div>
        ))}
        {item ? (
          <>
            <dt>Sample</dt>
            <dd>
              <a href={`#/sampling?plan=${item.planId}`}>{item.planTitle}</a>
              {item.dueDate ? `, due ${formatDate(item.dueDate)}` : ''}
              {item.moderator ? `, assigned to ${item.moderator}` : ', unassigned'}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="why">
        <h3>Why it was sampled</h3>
        {props.c.sampledBecause.length ? (
          <ul className="reasons" data-testid="sampled-because">
            {props.c.sampledBecause.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">Not in a published sample.</p>
        )}
        <h3>Compliance flags</h3>
        {d.flags.length ? (
          <ul className="flags">
            {d.flags.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
        {props.c.snapshot ? (
          <>
            <h3>As sampled</h3>
            {props.c.changedSinceSampled.length ? (
              <ul className="flags" data-testid="changed-since">
                {props.c.changedSinceSampled.map((ch) => (
                  <li key={ch.field}>
                    {humanise(ch.field.replace(/([A-Z])/g, ' $1').toLowerCase())} was{' '}
                    {ch.then ?? 'blank'} when sampled; now {ch.now ?? 'blank'}.
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">
                Unchanged since it was sampled on{' '}
                {formatDate(String(props.c.snapshot.sampledAt ?? '').slice(0, 10))}; the snapshot is
                kept beside the record.
              </p>
            )}
          </>
        ) : null}
      </div>
    </section>
  );
}

export function RecordScreen(props: { decisionId: number; onBack: () => void }): ReactNode {
  const { status } = useAppStatus();
  const context = useApi('moderation:get-decision', { decisionId: props.decisionId });
  const [saved, setSaved] = useState<Saved | null>(null);
  const c = context.data;
  useEffect(() => {
    if (!context.loading) emit(context.error ? 'record-error' : 'record-loaded');
  }, [context.loading, context.error]);

  return (
    <div className="record-screen" data-testid="record-screen">
      <div className="detail-head">
        <h2 id="decision-title">
          {c ? `Decision ${c.decision.decisionRef ?? c.decision.id}` : 'Decision'}
          {c ? (
            <span className="muted">
              {' '}
              · {c.decision.method} · {c.decision.assessorRef}
            </span>
          ) : null}
        </h2>
        <button type="button" className="button secondary" onClick={props.onBack}>
          Back to the queue
        </button>
      </div>
      {context.error ? <Alert message={context.error.message} onRetry={context.reload} /> : null}
      {!c && context.loading ? <Loading /> : null}
      {c ? (
        <>
          {saved ? (
            <div className="saved-box" role="status" data-testid="saved-box">
              <p>
                <strong>Moderation saved.</strong>{' '}
                {saved.gradeChanged
                  ? `The grade is now ${c.decision.grade}; the overall grade is ${saved.overallGrade ?? 'not yet known'}.`
                  : 'The decision is released from the hold.'}
              </p>
              {saved.escalation ? (
                <p className="escalation-note" data-testid="escalation">
                  {saved.escalation.already
                    ? `${saved.escalation.assessorRef}’s sample was already raised in this plan; the IQA lead has been told of this disagreement too.`
                    : `${saved.escalation.assessorRef}’s sample raised by ${saved.escalation.points} points: ${saved.escalation.added} decision${saved.escalation.added === 1 ? '' : 's'} added. The IQA lead has been told.`}{' '}
                  <a
                    href={`#/moderation?assessor=${encodeURIComponent(saved.escalation.assessorRef)}&reason=${encodeURIComponent('escalated after disagreement')}`}
                  >
                    Show them
                  </a>
                </p>
              ) : null}
            </div>
          ) : null}
          <Facts c={c} />
          {!c.canModerate.allowed && !saved ? (
            <div className="refusal" role="alert" data-testid="cannot-moderate">
              <strong>You cannot moderate this decision.</strong> {c.canModerate.reason}
            </div>
          ) : null}
          {c.canModerate.allowed ? (
            <ModerationForm
              key={c.decision.id}
              context={c}
              onSaved={(s) => {
                setSaved(s);
                context.reload();
              }}
            />
          ) : null}
          <RecordHistory
            records={c.records}
            decisionRef={c.decision.decisionRef ?? String(c.decision.id)}
            canEdit={status.user?.role !== 'read_only'}
            onChange={context.reload}
          />
        </>
      ) : null}
    </div>
  );
}
