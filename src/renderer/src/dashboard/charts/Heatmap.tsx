import type { ReactNode } from 'react';
import type { HeatmapDto } from '@shared/contract';
import { formatNumber } from '../../format';
import { pct } from '../common';

/**
 * A sequential single-hue scale (light to dark blue) reads the same with any colour vision;
 * the rate is printed in every cell, so colour is never the only carrier.
 */
function shade(rate: number, max: number): { background: string; color: string } {
  const t = max > 0 ? Math.min(1, rate / max) : 0;
  const from = [239, 246, 252];
  const to = [8, 69, 148];
  const c = from.map((f, i) => Math.round(f + ((to[i] ?? f) - f) * t));
  return { background: `rgb(${c.join(',')})`, color: t > 0.55 ? '#fff' : '#1f2430' };
}

/** `O-P12` within method O reads as `P12`. */
export function shortCode(method: string, code: string): string {
  return code.startsWith(`${method}-`) ? code.slice(method.length + 1) : code;
}

function naturalSort(a: string, b: string): number {
  // Pass criteria before Distinction criteria, then by number.
  const rank = (s: string): number => (s.startsWith('P') ? 0 : s.startsWith('D') ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b, 'en-GB', { numeric: true });
}

export function Heatmap(props: {
  heatmap: HeatmapDto;
  hrefFor: (method: string) => string;
}): ReactNode {
  const methods = props.heatmap.methods;
  const columns = [
    ...new Set(methods.flatMap((m) => m.criteria.map((c) => shortCode(m.method, c.code)))),
  ].sort(naturalSort);
  const max = Math.max(0.0001, ...methods.flatMap((m) => m.criteria.map((c) => c.rate)));
  return (
    <div className="heatmap-wrap">
      <table className="heatmap" data-testid="criteria-heatmap">
        <caption className="visually-hidden">
          Share of moderators' criterion judgements that disagreed with the assessor, per method and
          criterion
        </caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {methods.map((m) => {
            const byCode = new Map(m.criteria.map((c) => [shortCode(m.method, c.code), c]));
            return (
              <tr key={m.method}>
                <th scope="row">{m.method}</th>
                {columns.map((col) => {
                  const c = byCode.get(col);
                  if (!c)
                    return (
                      <td
                        key={col}
                        className="heat-none"
                        aria-label="not a criterion of this method"
                      />
                    );
                  const label = `${c.code}${c.text ? `: ${c.text}` : ''}. Disagreed ${formatNumber(c.disagreed)} of ${formatNumber(c.judged)} judgements (${pct(c.rate)}).`;
                  return (
                    <td key={col} style={shade(c.rate, max)} title={label}>
                      <a
                        href={props.hrefFor(m.method)}
                        aria-label={`${label} Open the moderated ${m.method} decisions.`}
                        data-testid={`heat-${c.code}`}
                        style={{ color: 'inherit' }}
                      >
                        {pct(c.rate, 0)}
                      </a>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="heat-legend" aria-hidden="true">
        <span>0%</span>
        <span className="heat-ramp" />
        <span>{pct(max, 0)} disagreement</span>
      </div>
    </div>
  );
}
