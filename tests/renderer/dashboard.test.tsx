/**
 * The dashboard over a fake API: the drill-down link formats shared with the Moderation,
 * Appeals and Assessors pages, and the consistency tab's words for small samples.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgreementDto, OutputOf } from '@shared/contract';
import { DashboardPage } from '../../src/renderer/src/pages/DashboardPage';
import { readState, dashboardHref } from '../../src/renderer/src/dashboard/state';
import {
  appealsHref,
  complianceHref,
  decisionsHref,
  epasAtRiskHref,
  queueHref,
} from '../../src/renderer/src/links';
import { EMPTY_FILTER_OPTIONS, installFakeApi, removeFakeApi } from './fakeApi';

afterEach(() => {
  // Unmount first: a mounted page would call the real transport once the fake is gone.
  cleanup();
  removeFakeApi();
  window.location.hash = '';
});

describe('drill-down links', () => {
  it('use the agreed hash formats, parameters in the agreed order', () => {
    expect(queueHref({ assessor: 'IA004', status: 'all' })).toBe(
      '#/moderation?assessor=IA004&status=all',
    );
    expect(queueHref({ status: 'to_do', moderator: 'unassigned' })).toBe(
      '#/moderation?status=to_do&moderator=unassigned',
    );
    expect(
      decisionsHref({
        assessor: 'IA 4&x',
        grade: 'Distinction',
        from: '2026-01-01',
        to: '2026-12-31',
        flagged: true,
      }),
    ).toBe(
      '#/moderation?tab=decisions&assessor=IA+4%26x&grade=Distinction&flagged=1&from=2026-01-01&to=2026-12-31',
    );
    expect(epasAtRiskHref()).toBe('#/moderation?tab=epas&status=awaiting_confirmation&atRisk=1');
    expect(appealsHref({ open: true, overdue: true })).toBe('#/appeals?open=1&overdue=1');
    expect(complianceHref()).toBe('#/assessors/compliance');
  });

  it('keep the dashboard tab and filters in the hash', () => {
    const href = dashboardHref({
      tab: 'consistency',
      filter: { from: '2026-01-01', to: '2026-06-30', method: 'O' },
    });
    expect(href).toBe('#/dashboard?tab=consistency&from=2026-01-01&to=2026-06-30&method=O');
    expect(readState(href)).toEqual({
      tab: 'consistency',
      filter: { from: '2026-01-01', to: '2026-06-30', method: 'O' },
    });
    expect(readState('#/dashboard?from=rubbish').filter.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

const blank: AgreementDto = {
  moderated: 0,
  enough: false,
  exactAgreement: null,
  kappaQuadratic: null,
  kappaSe: null,
  kappaCi95: null,
  gwetAc1: null,
  gwetAc2: null,
  gwetAc2Ci95: null,
  meanDifference: null,
  meanDifferenceCi95: null,
  leaning: null,
  table: [],
};

const CONSISTENCY: OutputOf<'analytics:consistency'> = {
  filter: { from: '2026-01-01', to: '2026-06-30' },
  grades: ['Fail', 'Pass', 'Distinction'],
  cohort: {
    decisions: 300,
    grades: { Fail: 30, Pass: 200, Distinction: 70 },
    distinctionRate: 70 / 300,
    failRate: 0.1,
    agreement: {
      ...blank,
      moderated: 40,
      enough: true,
      exactAgreement: 0.9,
      kappaQuadratic: 0.81,
      kappaCi95: [0.7, 0.92],
      gwetAc1: 0.85,
      gwetAc2: 0.93,
      gwetAc2Ci95: [0.88, 0.98],
      meanDifference: 0.05,
      meanDifferenceCi95: [-0.02, 0.12],
      leaning: 'in_line',
    },
  },
  assessors: [
    {
      assessorId: 1,
      assessorRef: 'IA001',
      assessorName: 'Asha Patel',
      decisions: 200,
      grades: { Fail: 20, Pass: 150, Distinction: 30 },
      distinction: { events: 30, rate: 0.15, position: 'low_outlier' },
      fail: { events: 20, rate: 0.1, position: 'within' },
      outlier: true,
      agreement: { ...blank, moderated: 7 },
    },
  ],
  thresholds: { minModeratedPairs: 20, minDecisionsForFunnel: 10 },
};

describe('assessor consistency tab', () => {
  it('says "too few moderated decisions to judge" instead of figures, and names outliers', async () => {
    window.location.hash = '#/dashboard?tab=consistency&from=2026-01-01&to=2026-06-30';
    installFakeApi({
      'analytics:filter-options': EMPTY_FILTER_OPTIONS,
      'analytics:consistency': CONSISTENCY,
      'analytics:funnel': {
        measure: 'distinction',
        theta: 0.23,
        points: [],
        curve: [],
        minDecisions: 10,
      },
      'analytics:criteria-heatmap': { methods: [], records: 0 },
      'analytics:trends': { months: [], grades: ['Fail', 'Pass', 'Distinction'] },
    });
    render(<DashboardPage />);
    const table = await screen.findByTestId('agreement-table');
    const row = within(table).getByTestId('agreement-IA001');
    expect(row.textContent).toContain('Too few moderated decisions to judge (7 of the 20 needed)');
    expect(row.textContent).not.toMatch(/0\.\d\d/);
    expect(within(table).getAllByRole('row')[1]?.textContent).toContain('0.81');
    expect(screen.getByTestId('consistency-summary').textContent).toContain(
      'Outside the 99.8% funnel limits: IA001',
    );
    expect(screen.getByText('No criterion judgements recorded in this period.')).toBeTruthy();
    expect(
      screen.getByRole('tab', { name: 'Assessor consistency' }).getAttribute('aria-selected'),
    ).toBe('true');
  });
});
