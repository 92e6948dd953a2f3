import { useState, type ReactNode } from 'react';
import { RegisterTab } from '../assessors/RegisterTab';
import { Page } from '../components/Page';
import { TabPanel, Tabs, type TabSpec } from '../components/Tabs';
import { pageTitle } from '../routes';
import { ComplianceTab } from '../standardisation/ComplianceTab';
import { EventsTab } from '../standardisation/EventsTab';
import { ReportTab } from '../standardisation/ReportTab';
import { capitalise, useLabels } from '../status';
import '../standardisation/standardisation.css';

const TAB_IDS = ['register', 'standardisation', 'compliance', 'report'] as const;
type TabId = (typeof TAB_IDS)[number];

/**
 * `#/assessors/compliance` (or `#/assessors?tab=compliance`) opens on that tab, so the dashboard
 * and others can link to one.
 */
function tabFromHash(): TabId {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const sub = path.split('/')[1] || new URLSearchParams(query).get('tab') || '';
  return (TAB_IDS as readonly string[]).includes(sub) ? (sub as TabId) : 'register';
}

export function AssessorsPage(): ReactNode {
  const labels = useLabels();
  const [tab, setTab] = useState<TabId>(tabFromHash);
  const tabs: TabSpec<TabId>[] = [
    { id: 'register', label: 'Register' },
    { id: 'standardisation', label: capitalise(labels.standardisation) },
    { id: 'compliance', label: 'Compliance' },
    { id: 'report', label: 'Annual report' },
  ];

  function select(id: TabId): void {
    setTab(id);
    // No hashchange event: the route stays on this page, only the tab is remembered.
    window.history.replaceState(null, '', `#/assessors${id === 'register' ? '' : `/${id}`}`);
  }

  return (
    <Page
      id="assessors"
      title={pageTitle('assessors', labels)}
      intro={
        <>
          Every {labels.assessor} must meet the assessment plan’s criteria and take part in{' '}
          {labels.standardisation} at least once a year, on each standard version they assess.
          Decisions made while that was not so carry a compliance flag and are always sampled.
        </>
      }
    >
      <Tabs
        label={`${capitalise(labels.assessor)}s and ${labels.standardisation}`}
        tabs={tabs}
        selected={tab}
        onSelect={select}
        idPrefix="assessors"
      />
      <TabPanel idPrefix="assessors" id={tab}>
        {tab === 'register' ? <RegisterTab /> : null}
        {tab === 'standardisation' ? <EventsTab /> : null}
        {tab === 'compliance' ? <ComplianceTab /> : null}
        {tab === 'report' ? <ReportTab /> : null}
      </TabPanel>
    </Page>
  );
}
