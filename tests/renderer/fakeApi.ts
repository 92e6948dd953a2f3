/**
 * A stand-in for the preload bridge (`window.api`), the renderer's transport boundary: each
 * channel answers from a table, so screens are tested without a database.
 */
import type { ApiResult, Channel, OutputOf, StatusDto } from '@shared/contract';
import { DEFAULT_LABELS } from '@shared/labels';
import { vi } from 'vitest';

type Answers = { [C in Channel]?: OutputOf<C> | ((input: unknown) => ApiResult<OutputOf<C>>) };

export function status(overrides: Partial<StatusDto> = {}): StatusDto {
  return {
    dbPath: '/tmp/iqa-test.sqlite',
    schemaVersion: 2,
    counts: { decisions: 0, users: 1 },
    firstRun: false,
    needsOnboarding: false,
    user: { id: 1, name: 'Asha Patel', role: 'iqa_lead', active: true },
    labels: { ...DEFAULT_LABELS },
    ...overrides,
  };
}

export const EMPTY_OVERVIEW: OutputOf<'dashboard:get-overview'> = {
  decisionsByStatus: {},
  epasByStatus: {},
  gradeCounts: {},
  methodCounts: {},
  flaggedDecisions: 0,
  assessorsActive: 0,
  decisionsByMonth: [],
  latestAssessmentDate: null,
  standards: [{ code: 'ST0071', version: '1.1', epas: 0 }],
};

export const EMPTY_ANALYTICS_OVERVIEW: OutputOf<'analytics:overview'> = {
  databaseEmpty: true,
  decisions: { total: 0, held: 0, sampled: 0, released: 0 },
  epas: { confirmed: 0, awaitingConfirmation: 0, atRisk: 0, targetWorkingDays: 10 },
  byMonth: [],
  floorRate: 0.05,
  coverageGaps: false,
  coverage: [],
  backlog: { toDo: 0, unassigned: 0, oldestDays: null, bands: [] },
  standardisation: { assessors: 0, inDate: 0, dueSoon: 0, overdue: 0, never: 0 },
  appeals: { open: 0, overdue: 0 },
};

export const EMPTY_FILTER_OPTIONS: OutputOf<'analytics:filter-options'> = {
  standards: [{ code: 'ST0071', versions: ['1.0', '1.1'] }],
  methods: ['O', 'PD', 'WBP'],
  assessors: [],
  providers: [],
  employers: [],
  earliest: null,
  latest: null,
};

/** What the dashboard asks for, answered as for an empty database. */
export const EMPTY_DASHBOARD = {
  'dashboard:get-overview': EMPTY_OVERVIEW,
  'analytics:overview': EMPTY_ANALYTICS_OVERVIEW,
  'analytics:filter-options': EMPTY_FILTER_OPTIONS,
} as const;

export function installFakeApi(answers: Answers) {
  const invoke = vi.fn(async (channel: string, payload: unknown): Promise<ApiResult<unknown>> => {
    const answer = (answers as Record<string, unknown>)[channel];
    if (answer === undefined) {
      return { ok: false, error: { kind: 'not_found', message: `No fake answer for ${channel}` } };
    }
    if (typeof answer === 'function')
      return (answer as (i: unknown) => ApiResult<unknown>)(payload);
    return { ok: true, value: answer };
  });
  window.api = { invoke, transport: 'ipc' };
  return invoke;
}

export function removeFakeApi(): void {
  delete window.api;
}
