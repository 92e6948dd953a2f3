import { useState, type ReactNode } from 'react';
import type { PlanDto, VerifyDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { emit } from '../e2e';
import { formatDate, formatNumber, formatPercent, formatTimestamp } from '../format';
import { hashFor } from '../routes';
import { useAppStatus } from '../status';
import { AddDialog, PlanItems } from './PlanItems';

function Verify(props: { result: VerifyDto }): ReactNode {
  const v = props.result;
  return (
    <section
      className={`verify ${v.verified ? 'verified' : 'not-verified'}`}
      aria-labelledby="verify-title"
      data-testid="verify"
    >
      <h3 id="verify-title">{v.verified ? 'Verified: the same sample' : 'Not verified'}</h3>
      <p>{v.message}</p>
      <p className="small muted">
        Seed {v.seed}, {v.rulesVersion}: generated {formatNumber(v.generated)}, re-run{' '}
        {formatNumber(v.regenerated)}; missing {v.missing.length}, unexpected {v.unexpected.length};
        floor {v.floorMet ? 'met for every assessor' : 'NOT met'}.
      </p>
      {v.adjustments.length ? (
        <details open={v.adjustments.length <= 8}>
          <summary>Changes since the draw ({v.adjustments.length})</summary>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Decision</th>
                <th scope="col">By</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {v.adjustments.map((a, i) => (
                <tr key={i}>
                  <td className="nowrap">{formatTimestamp(a.at)}</td>
                  <td>
                    {a.change === 'added' ? 'Added' : 'Removed'}
                    {a.source === 'escalation' ? ' (escalation)' : ''}
                  </td>
                  <td className="mono">{a.decisionRef ?? a.decisionId}</td>
                  <td>{a.by}</td>
                  <td>{a.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      <p className="small muted">
        The same check from the command line: <code>npm run iqa -- sample verify {v.planId}</code>
      </p>
    </section>
  );
}

function reasonText(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} ${n}`)
    .join(' · ');
}

/**
 * A plan under review: per assessor the decisions, the floor, the risk-adjusted target and what
 * was sampled and why; the items themselves, with additions and removals by reason; publishing
 * (which releases what was not sampled), topping up, and verifying that re-running it gives
 * the same sample.
 */
export function PlanReview(props: {
  plan: PlanDto;
  onChange: (plan: PlanDto) => void;
  onClose: () => void;
}): ReactNode {
  const p = props.plan;
  const { status } = useAppStatus();
  const lead = status.user?.role === 'iqa_lead';
  const [assessorId, setAssessorId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'publish' | 'add' | 'topup' | null>(null);
  const [verify, setVerify] = useState<VerifyDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const topUp = useApi('sampling:top-up-preview', { planId: p.id }, [p.totals.decisions, dialog]);

  const act = async (run: () => Promise<PlanDto>, event: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const plan = await run();
      setDialog(null);
      setVerify(null);
      props.onChange(plan);
      emit(event);
    } catch (e) {
      setError(messageOf(e));
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };
  const runVerify = async (): Promise<void> => {
    setError(null);
    try {
      setVerify(await call('sampling:verify-plan', { planId: p.id }));
      emit('plan-verified');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const released = p.totals.decisions - p.totals.sampled;
  const chosen = p.assessors.find((a) => a.assessorId === assessorId);
  return (
    <section className="plan-review" aria-labelledby="plan-title" data-testid="plan-review">
      <div className="detail-head">
        <h2 id="plan-title">
          {p.title}{' '}
          <span className={`pill plan-${p.status}`} data-testid="plan-status">
            {p.status === 'draft' ? 'Draft' : 'Published'}
          </span>
        </h2>
        <button type="button" className="button secondary" onClick={props.onClose}>
          All plans
        </button>
      </div>
      <p className="muted">
        {formatDate(p.from)} to {formatDate(p.to)} · {p.standards.join(', ')} · seed {p.seed} ·{' '}
        {p.rulesVersion} · made by {p.createdBy} {formatTimestamp(p.createdAt)}
        {p.publishedAt ? ` · published by ${p.publishedBy} ${formatTimestamp(p.publishedAt)}` : ''}
      </p>
      <div className="plan-stats">
        <div className="stat-card">
          <div className="stat-value">{formatNumber(p.totals.decisions)}</div>
          <div className="stat-label">decisions in scope</div>
        </div>
        <div className="stat-card">
          <div className="stat-value" data-testid="plan-sampled">
            {formatNumber(p.totals.sampled)}
          </div>
          <div className="stat-label">
            sampled (
            {p.totals.decisions ? formatPercent(p.totals.sampled / p.totals.decisions) : '—'})
          </div>
        </div>
        <div className="stat-card">
          <div className="stat-value">{formatNumber(p.totals.assessors)}</div>
          <div className="stat-label">assessors</div>
        </div>
        <div className="stat-card">
          <div className="stat-value">{formatNumber(p.totals.moderated)}</div>
          <div className="stat-label">moderated so far</div>
        </div>
        <div className="plan-actions">
          {p.status === 'draft' && lead ? (
            <button
              type="button"
              className="button"
              onClick={() => setDialog('publish')}
              data-testid="publish"
            >
              Publish…
            </button>
          ) : null}
          {lead ? (
            <button type="button" className="button secondary" onClick={() => setDialog('add')}>
              Add a decision…
            </button>
          ) : null}
          {p.status === 'published' && lead ? (
            <button
              type="button"
              className="button secondary"
              onClick={() => setDialog('topup')}
              disabled={!topUp.data?.decisions}
              title={
                topUp.data?.decisions ? undefined : 'No decisions have arrived in this period since'
              }
            >
              Top up{topUp.data?.decisions ? ` (${formatNumber(topUp.data.decisions)} new)` : ''}
            </button>
          ) : null}
          <button
            type="button"
            className="button secondary"
            onClick={() => void runVerify()}
            data-testid="verify-button"
          >
            Verify
          </button>
          {p.status === 'published' ? (
            <a
              className="button secondary"
              href={hashFor('moderation', { plan: p.id, status: 'all' })}
            >
              Open in the queue
            </a>
          ) : null}
        </div>
      </div>
      {error ? <Alert message={error} /> : null}
      {verify ? <Verify result={verify} /> : null}

      <div className="plan-body">
        <section className="panel" aria-labelledby="by-assessor">
          <h3 id="by-assessor">By assessor</h3>
          <p className="panel-note">
            The floor is {formatPercent(Number(p.params.floorRate ?? 0.05))} of each assessor’s
            decisions, rounded up (at least one); the target adds any risk uplift. Choose an
            assessor to see their items.
          </p>
          <div className="table-wrap assessor-wrap">
            <table className="table compact" data-testid="plan-assessors">
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col" className="num">
                    Floor
                  </th>
                  <th scope="col" className="num">
                    Target
                  </th>
                  <th scope="col" className="num">
                    Sampled
                  </th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {p.assessors.map((a) => (
                  <tr
                    key={a.assessorId}
                    className={`${a.assessorId === assessorId ? 'chosen' : ''}${a.sampled < a.floor ? ' short' : ''}`}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button mono"
                        aria-pressed={a.assessorId === assessorId}
                        onClick={() =>
                          setAssessorId(a.assessorId === assessorId ? null : a.assessorId)
                        }
                        title={a.assessorName}
                      >
                        {a.assessorRef}
                      </button>
                    </td>
                    <td className="num">{formatNumber(a.decisions)}</td>
                    <td className="num">{a.floor}</td>
                    <td className="num" title={`${formatPercent(a.rate)} of decisions`}>
                      {a.target}
                    </td>
                    <td className="num">{a.sampled}</td>
                    <td className="why-cell" title={a.risks.join('\n')}>
                      {a.risks.length ? (
                        <span className="warn-text">{a.risks.join('; ')}. </span>
                      ) : null}
                      <span className="muted">{reasonText(a.reasons)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="panel" aria-labelledby="items-title">
          <h3 id="items-title">
            {chosen
              ? `Items for ${chosen.assessorRef} (${chosen.assessorName})`
              : 'Sampled decisions'}
          </h3>
          <PlanItems
            key={assessorId ?? 'all'}
            plan={p}
            assessorId={assessorId}
            onChange={props.onChange}
          />
        </section>
      </div>

      {dialog === 'publish' ? (
        <Dialog
          title="Publish this plan?"
          confirmLabel={`Publish and release ${formatNumber(released)}`}
          onConfirm={() =>
            void act(() => call('sampling:publish-plan', { planId: p.id }), 'plan-published')
          }
          onCancel={() => setDialog(null)}
          busy={busy}
          testId="publish-dialog"
        >
          <p data-testid="publish-summary">
            <strong>{formatNumber(released)}</strong> decision{released === 1 ? '' : 's'} not
            sampled will be <strong>released</strong> from the hold, so their EPAs can be confirmed.{' '}
            <strong>{formatNumber(p.totals.sampled)}</strong> sampled decision
            {p.totals.sampled === 1 ? '' : 's'} stay held and join the moderation queue.
          </p>
          <p>A published plan cannot be unpublished; it can still be adjusted, with reasons.</p>
        </Dialog>
      ) : null}
      {dialog === 'topup' && topUp.data ? (
        <Dialog
          title="Top up this plan?"
          confirmLabel="Top up"
          onConfirm={() =>
            void act(() => call('sampling:top-up-plan', { planId: p.id }), 'plan-topped-up')
          }
          onCancel={() => setDialog(null)}
          busy={busy}
        >
          <p>
            {formatNumber(topUp.data.decisions)} held decision(s) reached this period after the plan
            was made. They are drawn as a slice of their own, with the same seed and settings and
            each assessor’s floor; those not sampled are released.
          </p>
        </Dialog>
      ) : null}
      {dialog === 'add' ? (
        <AddDialog
          plan={p}
          onCancel={() => setDialog(null)}
          onDone={(plan) => {
            setDialog(null);
            setVerify(null);
            props.onChange(plan);
          }}
        />
      ) : null}
    </section>
  );
}
