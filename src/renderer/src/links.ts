/**
 * Drill-down links, typed. The hash formats are a convention shared with the Moderation,
 * Appeals and Assessors pages, which read them: keep the parameter names as they are.
 */
type Params = Record<string, string | number | boolean | null | undefined>;

function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The moderation queue, filtered. */
export interface QueueLink {
  assessor?: string;
  method?: string;
  grade?: string;
  reason?: string;
  status?: 'to_do' | 'done' | 'all';
  moderator?: number | 'unassigned';
  plan?: number;
  /** Due on or before, YYYY-MM-DD. */
  due?: string;
}

export function queueHref(l: QueueLink = {}): string {
  return `#/moderation${query({
    assessor: l.assessor,
    method: l.method,
    grade: l.grade,
    reason: l.reason,
    status: l.status,
    moderator: l.moderator,
    plan: l.plan,
    due: l.due,
  })}`;
}

/** Every decision, filtered (the Moderation page's decisions tab). */
export interface DecisionsLink {
  assessor?: string;
  method?: string;
  grade?: string;
  status?: 'held' | 'sampled' | 'released';
  flagged?: boolean;
  from?: string;
  to?: string;
  standard?: string;
  version?: string;
  /** UKPRN */
  provider?: string;
  employer?: string;
}

export function decisionsHref(l: DecisionsLink = {}): string {
  return `#/moderation${query({
    tab: 'decisions',
    assessor: l.assessor,
    method: l.method,
    grade: l.grade,
    status: l.status,
    flagged: l.flagged,
    from: l.from,
    to: l.to,
    standard: l.standard,
    version: l.version,
    provider: l.provider,
    employer: l.employer,
  })}`;
}

/** EPAs by status (the Moderation page's EPAs tab). */
export function epasHref(status: 'in_progress' | 'awaiting_confirmation' | 'confirmed'): string {
  return `#/moderation?tab=epas&status=${status}`;
}

/** EPAs awaiting confirmation that are at risk of missing the target. */
export function epasAtRiskHref(): string {
  return '#/moderation?tab=epas&status=awaiting_confirmation&atRisk=1';
}

export function appealsHref(l: { open?: boolean; overdue?: boolean } = {}): string {
  return `#/appeals${query({ open: l.open, overdue: l.overdue })}`;
}

export function complianceHref(): string {
  return '#/assessors/compliance';
}

/** The hash's query parameters, whatever page they belong to. */
export function hashParams(hash: string = window.location.hash): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : '');
}
