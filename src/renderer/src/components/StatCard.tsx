import type { ReactNode } from 'react';
import { formatNumber } from '../format';

export function StatCard(props: {
  label: string;
  value: number;
  hint?: string;
  testId?: string;
  tone?: 'default' | 'warn';
  /** Where the list behind the number is: the value becomes a link to it. */
  href?: string;
}): ReactNode {
  return (
    <div className={`stat-card${props.tone === 'warn' ? ' warn' : ''}`} data-testid={props.testId}>
      <div className="stat-value">
        {props.href ? (
          <a
            href={props.href}
            aria-label={`${formatNumber(props.value)} ${props.label}: show them`}
          >
            {formatNumber(props.value)}
          </a>
        ) : (
          formatNumber(props.value)
        )}
      </div>
      <div className="stat-label">{props.label}</div>
      {props.hint ? <div className="stat-hint">{props.hint}</div> : null}
    </div>
  );
}

export function StatGroup(props: { title: string; children: ReactNode }): ReactNode {
  return (
    <section className="stat-group" aria-label={props.title}>
      <h2 className="stat-group-title">{props.title}</h2>
      <div className="stat-cards">{props.children}</div>
    </section>
  );
}
