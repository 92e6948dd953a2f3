/** Words and pills for standardisation status, eligibility and agreement, used on every tab. */
import type { ReactNode } from 'react';
import {
  COMPLIANCE_LABELS,
  ELIGIBILITY_LABELS,
  type ComplianceStatus,
  type EligibilityState,
} from '@shared/standardisation';
import type { StatDto } from '@shared/contract';
import { formatDate } from '../format';

export function CompliancePill(props: {
  status: ComplianceStatus;
  required?: boolean;
  testId?: string;
}): ReactNode {
  if (props.required === false)
    return (
      <span
        className="pill"
        title="Suspended or left: not chased for standardisation"
        data-testid={props.testId}
      >
        Not required
      </span>
    );
  return (
    <span className={`pill compliance-${props.status}`} data-testid={props.testId}>
      {COMPLIANCE_LABELS[props.status]}
    </span>
  );
}

export function EligibilityPill(props: { state: EligibilityState; testId?: string }): ReactNode {
  return (
    <span className={`pill eligibility-${props.state}`} data-testid={props.testId}>
      {ELIGIBILITY_LABELS[props.state]}
    </span>
  );
}

/** "Due by 4 Jan 2027 (33 days)", "Was due by … (90 days ago)", or what is missing. */
export function dueText(dueBy: string | null, daysToDue: number | null): string {
  if (!dueBy || daysToDue === null) return 'Before their next assessment';
  if (daysToDue < 0) {
    const n = -daysToDue;
    return `Was due by ${formatDate(dueBy)} (${n} day${n === 1 ? '' : 's'} ago)`;
  }
  if (daysToDue === 0) return `Due today (${formatDate(dueBy)})`;
  return `Due by ${formatDate(dueBy)} (${daysToDue} day${daysToDue === 1 ? '' : 's'})`;
}

export function pct(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function num(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}

/**
 * Kappa or AC with its 95% interval. Below the minimum number of items the interval is not shown
 * (with two or three items it is meaningless, often zero-width) and no verdict is drawn.
 */
export function StatText(props: { stat: StatDto }): ReactNode {
  const s = props.stat;
  if (s.value === null)
    return <span className="muted">{s.n === 0 ? '—' : 'undefined (all one grade)'}</span>;
  if (!s.enough)
    return (
      <span>
        {s.value.toFixed(2)}{' '}
        <span className="muted small">
          ({s.n} item{s.n === 1 ? '' : 's'}: too few for a verdict)
        </span>
      </span>
    );
  return (
    <span>
      {s.value.toFixed(2)}
      {s.ci95 ? (
        <span className="muted small">
          {' '}
          ({s.ci95[0].toFixed(2)} to {s.ci95[1].toFixed(2)})
        </span>
      ) : null}
    </span>
  );
}

/** +0.25 → "lenient by 0.25 grade", -0.5 → "severe by 0.50 grade". */
export function leaningText(meanDifference: number | null): string {
  if (meanDifference === null) return '—';
  if (Math.abs(meanDifference) < 0.005) return 'even';
  return `${meanDifference > 0 ? 'lenient' : 'severe'} by ${Math.abs(meanDifference).toFixed(2)}`;
}

export const FORMAT_LABELS = { in_person: 'In person', remote: 'Remote' } as const;
