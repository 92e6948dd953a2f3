/**
 * The Moderation page's state lives in the hash query, so every view can be linked to from
 * the dashboards and bookmarked (the drill-down convention shared with them):
 *
 *   #/moderation?assessor=&method=&grade=&reason=&status=to_do|done|all&moderator=<id|unassigned>
 *     &plan=&due=&sort=&dir=          the queue
 *   #/moderation?tab=decisions&assessor=&method=&grade=&status=held|sampled|released&flagged=1&unmoderated=1
 *     &from=&to=&standard=&version=&provider=&employer=      every decision
 *   #/moderation?tab=epas&status=awaiting_confirmation&atRisk=1      EPAs and confirmation
 *   #/moderation?tab=actions&status=open|...&assessor=               actions for assessors
 *   #/moderation?decision=<id>                                       a moderation record
 */
import type { DecisionFilter, QueueFilter } from '@shared/contract';
import type { QueryValues } from '../routes';

export const TABS = ['queue', 'decisions', 'epas', 'actions'] as const;
export type Tab = (typeof TABS)[number];

export const QUEUE_SORTS = ['date', 'assessor', 'method', 'grade', 'due', 'status'] as const;
export type QueueSortBy = (typeof QUEUE_SORTS)[number];
export interface QueueSort {
  by: QueueSortBy;
  dir: 'asc' | 'desc';
}

export const EPA_STATUSES = ['in_progress', 'awaiting_confirmation', 'confirmed'] as const;
export type EpaStatus = (typeof EPA_STATUSES)[number];
export interface EpaFilter {
  status?: EpaStatus;
  atRisk: boolean;
}

export const ACTION_STATUSES = [
  'open',
  'awaiting_acknowledgement',
  'acknowledged',
  'closed',
  'all',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : undefined;
const positive = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
};
const text = (value: string | undefined, max: number): string | undefined => {
  const t = value?.trim();
  return t ? t.slice(0, max) : undefined;
};
const date = (value: string | undefined): string | undefined =>
  value && DATE.test(value) ? value : undefined;

export interface ModerationView {
  tab: Tab;
  decisionId?: number;
  queue: { filter: QueueFilter; sort: QueueSort };
  decisions: DecisionFilter;
  epas: EpaFilter;
  actions: { status: ActionStatus; assessorRef?: string };
}

/** Reads the page's state from the hash query, ignoring anything malformed. */
export function parseView(q: Record<string, string>): ModerationView {
  const tab = oneOf(TABS, q.tab) ?? 'queue';
  const moderator = q.moderator === 'unassigned' ? 'unassigned' : positive(q.moderator);
  const queue: QueueFilter = {
    status:
      tab === 'queue' ? (oneOf(['to_do', 'done', 'all'] as const, q.status) ?? 'to_do') : 'to_do',
    assessorRef: text(q.assessor, 50),
    method: text(q.method, 20),
    grade: text(q.grade, 30),
    reason: text(q.reason, 100),
    dueBefore: date(q.due),
    moderator,
    planId: positive(q.plan),
  };
  const decisions: DecisionFilter = {
    assessorRef: text(q.assessor, 50),
    method: text(q.method, 20),
    grade: text(q.grade, 30),
    status: oneOf(['held', 'sampled', 'released'] as const, q.status),
    flagged: q.flagged === '1' ? true : undefined,
    unmoderated: q.unmoderated === '1' ? true : undefined,
    from: date(q.from),
    to: date(q.to),
    standard: text(q.standard, 20),
    version: text(q.version, 20),
    provider: text(q.provider, 20),
    employer: text(q.employer, 200),
  };
  return {
    tab,
    decisionId: positive(q.decision),
    queue: {
      filter: clean(queue) as QueueFilter,
      sort: {
        by: oneOf(QUEUE_SORTS, q.sort) ?? 'date',
        dir: q.dir === 'desc' ? 'desc' : 'asc',
      },
    },
    decisions: clean(decisions) as DecisionFilter,
    epas: { status: oneOf(EPA_STATUSES, q.status), atRisk: q.atRisk === '1' },
    actions: {
      status: oneOf(ACTION_STATUSES, q.status) ?? 'open',
      assessorRef: text(q.assessor, 50),
    },
  };
}

function clean<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<T>;
}

/** The hash query for a view: only the current tab's state, and nothing at its default. */
export function viewQuery(view: ModerationView): QueryValues {
  // A record keeps the list it was opened from, so going back finds the same filters.
  if (view.decisionId)
    return { ...viewQuery({ ...view, decisionId: undefined }), decision: view.decisionId };
  switch (view.tab) {
    case 'queue': {
      const f = view.queue.filter;
      return {
        assessor: f.assessorRef,
        method: f.method,
        grade: f.grade,
        reason: f.reason,
        status: f.status === 'to_do' ? undefined : f.status,
        moderator: f.moderator,
        plan: f.planId,
        due: f.dueBefore,
        sort: view.queue.sort.by === 'date' ? undefined : view.queue.sort.by,
        dir: view.queue.sort.dir === 'asc' ? undefined : 'desc',
      };
    }
    case 'decisions': {
      const f = view.decisions;
      return {
        tab: 'decisions',
        assessor: f.assessorRef,
        method: f.method,
        grade: f.grade,
        status: f.status,
        flagged: f.flagged,
        unmoderated: f.unmoderated,
        from: f.from,
        to: f.to,
        standard: f.standard,
        version: f.version,
        provider: f.provider,
        employer: f.employer,
      };
    }
    case 'epas':
      return { tab: 'epas', status: view.epas.status, atRisk: view.epas.atRisk };
    case 'actions':
      return {
        tab: 'actions',
        status: view.actions.status === 'open' ? undefined : view.actions.status,
        assessor: view.actions.assessorRef,
      };
  }
}
