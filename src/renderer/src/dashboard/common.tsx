/** Shared pieces of the dashboard charts: axis styling, number formats, the tooltip box. */
import type { ReactNode } from 'react';
import { OKABE_ITO } from '../colours';

export const AXIS_TICK = { fill: '#3d4451', fontSize: 12 };
export const AXIS_LABEL = { fill: '#3d4451', fontSize: 12 };
export const GRID = '#d9dde3';

const pct1 = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const pct0 = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

export function pct(x: number | null | undefined, digits: 0 | 1 = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return (digits === 0 ? pct0 : pct1).format(x);
}

export function fixed(x: number | null | undefined, dp = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toLocaleString('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp });
}

export function ci(c: [number, number] | null | undefined, dp = 2): string {
  return c ? `${fixed(c[0], dp)} to ${fixed(c[1], dp)}` : '—';
}

/** Signed, so a reader never has to guess the direction of a difference. */
export function signed(x: number | null | undefined, dp = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x > 0 ? '+' : x < 0 ? '−' : ''}${fixed(Math.abs(x), dp)}`;
}

export const POSITION = {
  within: { label: 'Within the 95% limits', colour: OKABE_ITO.blue },
  high_warning: { label: 'Above the 95% limit', colour: OKABE_ITO.orange },
  low_warning: { label: 'Below the 95% limit', colour: OKABE_ITO.orange },
  high_outlier: { label: 'Above the 99.8% limit: outlier', colour: OKABE_ITO.vermillion },
  low_outlier: { label: 'Below the 99.8% limit: outlier', colour: OKABE_ITO.vermillion },
} as const;

export function TooltipBox(props: {
  title: string;
  lines: (string | null)[];
  bare?: boolean;
}): ReactNode {
  return (
    <div className={props.bare ? undefined : 'chart-tooltip'}>
      <div className="chart-tooltip-title">{props.title}</div>
      {props.lines.filter(Boolean).map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}

/** Links from a chart say what they open, for the table view and keyboard users. */
export function DrillLink(props: { href: string; label: string; children: ReactNode }): ReactNode {
  return (
    <a href={props.href} aria-label={props.label} title={props.label}>
      {props.children}
    </a>
  );
}
