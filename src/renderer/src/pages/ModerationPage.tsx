import { useEffect, type ReactNode } from 'react';
import { useApi } from '../api/useApi';
import { Page, usePageLoaded } from '../components/Page';
import { orderGrades } from '../colours';
import { hashFor, setHashQuery, useHashQuery } from '../routes';
import { useLabels } from '../status';
import { ActionsTab } from '../moderation/ActionsTab';
import { DecisionsTab } from '../moderation/DecisionsTab';
import { EpasTab } from '../moderation/EpasTab';
import { QueueTab } from '../moderation/QueueTab';
import { RecordScreen } from '../moderation/RecordScreen';
import { parseView, viewQuery, type ModerationView, type Tab } from '../moderation/query';
import '../moderation/moderation.css';

const TAB_NAMES: Record<Tab, string> = {
  queue: 'Queue',
  decisions: 'All decisions',
  epas: 'EPAs',
  actions: 'Actions',
};

/**
 * Moderation: the queue of sampled decisions, every decision, EPAs awaiting confirmation, the
 * actions set for assessors, and a decision's moderation record. What is shown lives in the hash
 * query (see moderation/query.ts), so the dashboards link straight into a filtered view.
 */
export function ModerationPage(): ReactNode {
  const labels = useLabels();
  const query = useHashQuery();
  const view = parseView(query);
  const standards = useApi('standards:list', {});
  usePageLoaded('moderation', standards.data !== undefined || standards.error !== null);

  const show = (next: ModerationView): void => setHashQuery('moderation', viewQuery(next));
  // Opening a record adds a history entry, so the browser's Back returns to the list.
  const open = (decisionId: number): void => {
    window.location.hash = hashFor('moderation', viewQuery({ ...view, decisionId })).slice(1);
  };
  const methods = [...new Set(standards.data?.flatMap((v) => v.methods.map((m) => m.code)))];
  const grades = orderGrades(standards.data?.flatMap((v) => v.grades) ?? []);

  // Opening a record puts the reader at its heading; coming back, at the tab.
  useEffect(() => {
    if (view.decisionId) document.querySelector<HTMLElement>('#decision-title')?.focus?.();
  }, [view.decisionId]);

  return (
    <Page
      id="moderation"
      title="Moderation queue"
      intro={
        <>
          Sampled decisions wait here for moderation; no {labels.epaShort} grade is confirmed until
          all of its decisions are released.
        </>
      }
    >
      {view.decisionId ? (
        <RecordScreen
          key={view.decisionId}
          decisionId={view.decisionId}
          onBack={() => show({ ...view, decisionId: undefined })}
        />
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Moderation">
            {(Object.keys(TAB_NAMES) as Tab[]).map((tab) => (
              <a
                key={tab}
                role="tab"
                aria-selected={view.tab === tab}
                className={view.tab === tab ? 'tab current' : 'tab'}
                href={tab === 'queue' ? '#/moderation' : `#/moderation?tab=${tab}`}
                data-testid={`tab-${tab}`}
              >
                {tab === 'epas' ? `${labels.epaShort}s` : TAB_NAMES[tab]}
              </a>
            ))}
          </div>
          <div role="tabpanel" aria-label={TAB_NAMES[view.tab]}>
            {view.tab === 'queue' ? (
              <QueueTab
                filter={view.queue.filter}
                sort={view.queue.sort}
                methods={methods}
                grades={grades}
                onChange={(filter, sort) => show({ ...view, queue: { filter, sort } })}
                onOpen={open}
              />
            ) : null}
            {view.tab === 'decisions' ? (
              <DecisionsTab
                filter={view.decisions}
                methods={methods}
                grades={grades}
                onChange={(decisions) => show({ ...view, decisions })}
                onOpen={open}
              />
            ) : null}
            {view.tab === 'epas' ? (
              <EpasTab filter={view.epas} onChange={(epas) => show({ ...view, epas })} />
            ) : null}
            {view.tab === 'actions' ? (
              <ActionsTab
                status={view.actions.status}
                assessorRef={view.actions.assessorRef}
                onChange={(status, assessorRef) =>
                  show({ ...view, actions: { status, assessorRef } })
                }
                onOpen={open}
              />
            ) : null}
          </div>
        </>
      )}
    </Page>
  );
}
