import type { ReactNode } from 'react';
import { gradeColour } from '../colours';
import { formatPercent } from '../format';

/**
 * A small stacked bar of grade shares. The numbers sit in the table next to it; the label gives
 * the same shares to screen readers.
 */
export function ShareBar(props: { parts: { label: string; value: number }[] }): ReactNode {
  const total = props.parts.reduce((a, p) => a + p.value, 0);
  if (total === 0) return <span className="muted">—</span>;
  const description = props.parts
    .map((p) => `${p.label} ${formatPercent(p.value / total)}`)
    .join(', ');
  return (
    <span className="share-bar" role="img" aria-label={description} title={description}>
      {props.parts.map((p, i) =>
        p.value > 0 ? (
          <span
            key={p.label}
            className="share-segment"
            style={{ width: `${(p.value / total) * 100}%`, background: gradeColour(p.label, i) }}
          />
        ) : null,
      )}
    </span>
  );
}
