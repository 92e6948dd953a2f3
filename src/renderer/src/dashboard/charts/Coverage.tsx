import type { ReactNode } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CoverageRowDto } from '@shared/contract';
import { OKABE_ITO } from '../../colours';
import { formatNumber } from '../../format';
import { AXIS_LABEL, AXIS_TICK, GRID, TooltipBox, pct } from '../common';

function Diamond(props: { cx?: number; cy?: number }): ReactNode {
  const { cx, cy } = props;
  if (cx === undefined || cy === undefined || !Number.isFinite(cy)) return null;
  return (
    <path
      d={`M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} Z`}
      fill={OKABE_ITO.orange}
      stroke="#1f2430"
      strokeWidth={1}
    />
  );
}

/** Sampled and moderated shares per assessor against the 5% floor and each one's target. */
export function Coverage(props: {
  rows: CoverageRowDto[];
  floorRate: number;
  onOpen: (row: CoverageRowDto) => void;
}): ReactNode {
  // New assessors are sampled in full; letting their 100% set the scale would flatten the 5%
  // line everyone else is judged against, so the axis stops above most assessors' bars and
  // taller bars are cut (the tooltip and the table give their figures).
  const shares = props.rows
    .map((r) => Math.max(r.sampledShare ?? 0, r.targetShare ?? 0))
    .sort((a, b) => a - b);
  const typical = shares[Math.floor(shares.length * 0.8)] ?? 0;
  const top = Math.max(props.floorRate * 3, typical * 1.3);
  const clickable =
    (series: string) =>
    (bar: unknown): ReactNode => {
      const b = bar as {
        x: number;
        y: number;
        width: number;
        height: number;
        fill: string;
        payload: CoverageRowDto;
      };
      return (
        <rect
          x={b.x}
          y={b.y}
          width={b.width}
          height={Math.max(0, b.height)}
          fill={b.fill}
          style={{ cursor: 'pointer' }}
          onClick={() => props.onOpen(b.payload)}
          data-testid={`coverage-${series}-${b.payload.assessorRef}`}
        />
      );
    };
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Sample coverage: ${props.rows
        .map(
          (r) =>
            `${r.assessorRef} sampled ${pct(r.sampledShare)}, moderated ${pct(r.moderatedShare)}, target ${pct(r.targetShare)}`,
        )
        .join('; ')}`}
    >
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart
          data={props.rows}
          margin={{ top: 12, right: 64, bottom: 40, left: 12 }}
          barGap={1}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID} />
          <XAxis
            dataKey="assessorRef"
            tick={{ ...AXIS_TICK, fontSize: 10 }}
            interval={0}
            angle={-45}
            textAnchor="end"
            height={44}
            label={{ value: 'Assessor', position: 'insideBottom', offset: -30, ...AXIS_LABEL }}
          />
          <YAxis
            domain={[0, Math.min(1, Math.ceil(top * 20) / 20)]}
            allowDataOverflow
            tickFormatter={(v: number) => pct(v, 0)}
            tick={AXIS_TICK}
            width={60}
            label={{
              value: 'Share of decisions in scope',
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle', ...AXIS_LABEL },
            }}
          />
          <Tooltip
            cursor={{ fill: 'rgba(0, 114, 178, 0.08)' }}
            content={({ active, payload }) => {
              const r = payload?.[0]?.payload as CoverageRowDto | undefined;
              if (!active || !r) return null;
              return (
                <TooltipBox
                  title={`${r.assessorRef} ${r.assessorName}`}
                  lines={[
                    `${formatNumber(r.inScope)} decisions in published plans`,
                    `Sampled ${formatNumber(r.sampled)} (${pct(r.sampledShare)})`,
                    `Moderated ${formatNumber(r.moderated)} (${pct(r.moderatedShare)})`,
                    `Risk-adjusted target ${pct(r.targetShare)}`,
                    (r.sampledShare ?? 0) + 1e-9 < props.floorRate
                      ? `BELOW the ${pct(props.floorRate, 0)} floor`
                      : null,
                    'Click to open their moderation queue',
                  ]}
                />
              );
            }}
          />
          <Legend
            itemSorter={null}
            verticalAlign="top"
            height={28}
            wrapperStyle={{ fontSize: 12 }}
          />
          <ReferenceLine
            y={props.floorRate}
            stroke={OKABE_ITO.vermillion}
            strokeWidth={2}
            strokeDasharray="6 3"
            label={{
              value: `${pct(props.floorRate, 0)} floor`,
              position: 'right',
              fontSize: 11,
              fill: OKABE_ITO.vermillion,
            }}
          />
          <Bar
            dataKey="sampledShare"
            name="Sampled"
            fill={OKABE_ITO.blue}
            isAnimationActive={false}
            shape={clickable('sampled')}
          />
          <Bar
            dataKey="moderatedShare"
            name="Moderated"
            fill={OKABE_ITO.bluishGreen}
            isAnimationActive={false}
            shape={clickable('moderated')}
          />
          <Line
            dataKey="targetShare"
            name="Risk-adjusted target"
            stroke={OKABE_ITO.orange}
            strokeWidth={0}
            isAnimationActive={false}
            dot={(p: unknown) => {
              const d = p as { cx?: number; cy?: number; key?: string };
              return <Diamond key={d.key} cx={d.cx} cy={d.cy} />;
            }}
            activeDot={false}
            legendType="diamond"
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
