import { useEffect, useState, type ReactNode } from 'react';
import type { PlanDto } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { emit } from '../e2e';
import { formatNumber } from '../format';
import { hrefFor, setHashQuery, useHashQuery } from '../routes';
import { useAppStatus, useLabels } from '../status';
import { GenerateForm } from '../sampling/GenerateForm';
import { PlanList } from '../sampling/PlanList';
import { PlanReview } from '../sampling/PlanReview';
import '../sampling/sampling.css';

function Review(props: { planId: number; onClose: () => void }): ReactNode {
  const loaded = useApi('sampling:get-plan', { planId: props.planId });
  // What an action answered is newer than what was loaded.
  const [changed, setChanged] = useState<PlanDto | null>(null);
  const plan = changed ?? loaded.data;
  useEffect(() => {
    if (loaded.data) emit('plan-loaded');
  }, [loaded.data]);
  if (loaded.error) return <Alert message={loaded.error.message} onRetry={loaded.reload} />;
  if (!plan || plan.id !== props.planId) return <Loading label="Loading the plan…" />;
  return <PlanReview plan={plan} onChange={setChanged} onClose={props.onClose} />;
}

/**
 * Sampling: the plans, a form to generate one, and a plan's review (`#/sampling?plan=12`,
 * `#/sampling?new=1`). Plans choose which held decisions IQA moderates before any grade is
 * confirmed: at least 5% of each assessor's, more where the risk is higher.
 */
export function SamplingPage(): ReactNode {
  const labels = useLabels();
  const { status } = useAppStatus();
  const query = useHashQuery();
  const planId = Number(query.plan) > 0 ? Number(query.plan) : null;
  const creating = query.new === '1' && planId === null;
  const plans = useApi('sampling:list-plans', { limit: 100 }, [planId, creating]);
  const overview = useApi('dashboard:get-overview', {});
  usePageLoaded('sampling', plans.data !== undefined || plans.error !== null, plans.error !== null);
  const lead = status.user?.role === 'iqa_lead';
  const held = overview.data?.decisionsByStatus.held ?? 0;

  const list = plans.data?.rows ?? [];
  return (
    <Page
      id="sampling"
      title="Sampling"
      intro={
        <>
          A plan chooses which held decisions are moderated before any {labels.epaShort} grade is
          confirmed: at least 5% of each {labels.assessor}’s decisions, more where the risk is
          higher. Publishing it releases the rest.
        </>
      }
      actions={
        lead && !creating && planId === null ? (
          <button
            type="button"
            className="button"
            onClick={() => setHashQuery('sampling', { new: 1 })}
            data-testid="new-plan"
          >
            Generate a plan
          </button>
        ) : null
      }
    >
      {creating ? (
        <GenerateForm
          onGenerated={(plan) => setHashQuery('sampling', { plan: plan.id })}
          onCancel={() => setHashQuery('sampling', {})}
        />
      ) : null}
      {planId !== null ? (
        <Review key={planId} planId={planId} onClose={() => setHashQuery('sampling', {})} />
      ) : null}
      {!creating && planId === null ? (
        <>
          {plans.error ? <Alert message={plans.error.message} onRetry={plans.reload} /> : null}
          {overview.data ? (
            <p className="held-note" data-testid="held-note">
              {held
                ? `${formatNumber(held)} decision${held === 1 ? ' is' : 's are'} held, waiting for a plan to sample or release them.`
                : 'No decisions are held at the moment.'}
            </p>
          ) : null}
          {!plans.data && plans.loading ? <Loading /> : null}
          {plans.data && list.length === 0 ? (
            <EmptyState title="No sampling plans yet" testId="sampling-explainer">
              <p>
                Generate a plan for a month, a quarter or any dates: it draws at least 5% of each
                {` ${labels.assessor}`}’s held decisions, and more for new {labels.assessor}s,
                compliance flags and other risks, and explains every choice.
              </p>
              {held === 0 && overview.data ? (
                <p>
                  There are no held decisions to sample yet.{' '}
                  <a href={hrefFor('imports')}>Imports</a> ·{' '}
                  <a href={hrefFor('settings')}>Load demo data in Settings</a>
                </p>
              ) : null}
            </EmptyState>
          ) : null}
          {list.length ? <PlanList plans={list} total={plans.data?.total ?? list.length} /> : null}
        </>
      ) : null}
    </Page>
  );
}
