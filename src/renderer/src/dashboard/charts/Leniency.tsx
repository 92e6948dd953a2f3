import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AssessorConsistencyDto } from '@shared/contract';
import { OKABE_ITO } from '../../colours';
import { formatNumber } from '../../format';
import { AXIS_LABEL, AXIS_TICK, GRID, TooltipBox, ci, signed } from '../common';

const LEANING = {
  lenient: { colour: OKABE_ITO.vermillion, words: 'Lenient: grades above the moderator’s' },
  severe: { colour: OKABE_ITO.blue, words: 'Severe: grades below the moderator’s' },
  in_line: { colour: '#8a929e', words: 'In line with moderation (interval includes 0)' },
} as const;

/**
 * The leniency index: mean of assessor minus moderated grade with its 95% interval, only for
 * assessors with enough moderated decisions. Bars right of zero are lenient.
 */
export function Leniency(props: {
  assessors: AssessorConsistencyDto[];
  onOpen: (a: AssessorConsistencyDto) => void;
}): ReactNode {
  const rows = props.assessors
    .filter((a) => a.agreement.enough && a.agreement.meanDifference !== null)
    .map((a) => {
      const mean = a.agreement.meanDifference ?? 0;
      const [lo, hi] = a.agreement.meanDifferenceCi95 ?? [mean, mean];
      return { label: a.assessorRef, mean, error: [mean - lo, hi - mean] as [number, number], a };
    });
  const extent = Math.max(0.25, ...rows.map((r) => Math.abs(r.mean) + Math.max(...r.error)));
  const edge = Math.ceil(extent * 10) / 10;
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Leniency index: ${rows.map((r) => `${r.label} ${signed(r.mean)} (${ci(r.a.agreement.meanDifferenceCi95)})`).join('; ')}`}
    >
      <ResponsiveContainer width="100%" height={rows.length * 26 + 70}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 32, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke={GRID} />
          <XAxis
            type="number"
            domain={[-edge, edge]}
            tick={AXIS_TICK}
            tickFormatter={(v: number) => signed(v, 1)}
            label={{
              value: 'Mean grade steps above (+) or below (−) the moderator',
              position: 'insideBottom',
              offset: -16,
              ...AXIS_LABEL,
            }}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={60}
            tick={AXIS_TICK}
            tickLine={false}
            interval={0}
          />
          <ReferenceLine x={0} stroke="#1f2430" />
          <Tooltip
            cursor={{ fill: 'rgba(0, 114, 178, 0.08)' }}
            content={({ active, payload }) => {
              const r = payload?.[0]?.payload as (typeof rows)[number] | undefined;
              if (!active || !r) return null;
              const g = r.a.agreement;
              return (
                <TooltipBox
                  title={`${r.a.assessorRef} ${r.a.assessorName}`}
                  lines={[
                    `Mean difference ${signed(g.meanDifference, 3)} (95% CI ${ci(g.meanDifferenceCi95, 3)})`,
                    `${formatNumber(g.moderated)} moderated decisions`,
                    LEANING[g.leaning ?? 'in_line'].words,
                    'Click to open their moderated decisions',
                  ]}
                />
              );
            }}
          />
          <Bar
            dataKey="mean"
            name="Mean difference"
            isAnimationActive={false}
            barSize={14}
            onClick={(d: { payload?: (typeof rows)[number] }) =>
              d.payload && props.onOpen(d.payload.a)
            }
            style={{ cursor: 'pointer' }}
          >
            {rows.map((r) => (
              <Cell key={r.label} fill={LEANING[r.a.agreement.leaning ?? 'in_line'].colour} />
            ))}
            <ErrorBar dataKey="error" width={5} strokeWidth={1.5} stroke="#1f2430" direction="x" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <p className="legend small">
        {Object.values(LEANING).map((l) => (
          <span key={l.words} className="legend-item">
            <span className="swatch" style={{ background: l.colour }} />
            {l.words}
          </span>
        ))}
      </p>
    </div>
  );
}
