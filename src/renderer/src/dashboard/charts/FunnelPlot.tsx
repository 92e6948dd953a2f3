import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  XAxis,
  YAxis,
} from 'recharts';
import type { FunnelDto } from '@shared/contract';
import { OKABE_ITO } from '../../colours';
import { formatNumber } from '../../format';
import { AXIS_LABEL, AXIS_TICK, GRID, POSITION, TooltipBox, pct } from '../common';

/** The control limits, drawn as lines: each pair shares a style, and only the upper is in the legend. */
const LIMIT_LINES = [
  {
    dataKey: 'upper95',
    name: '95% limits',
    stroke: OKABE_ITO.orange,
    dash: '5 4',
    width: 1.5,
    legend: true,
  },
  {
    dataKey: 'lower95',
    name: '95% lower',
    stroke: OKABE_ITO.orange,
    dash: '5 4',
    width: 1.5,
    legend: false,
  },
  {
    dataKey: 'upper998',
    name: '99.8% limits',
    stroke: OKABE_ITO.reddishPurple,
    dash: undefined,
    width: 2,
    legend: true,
  },
  {
    dataKey: 'lower998',
    name: '99.8% lower',
    stroke: OKABE_ITO.reddishPurple,
    dash: undefined,
    width: 2,
    legend: false,
  },
] as const;

type Point = FunnelDto['points'][number];

/**
 * Shape as well as colour tells the position apart, for anyone who cannot tell the colours:
 * circle within the limits, triangle between 95% and 99.8%, diamond outside 99.8% (labelled).
 */
function PointShape(props: {
  cx?: number;
  cy?: number;
  payload?: Point;
  onOpen: (p: Point) => void;
  onHover: (h: { p: Point; x: number; y: number } | null) => void;
}): ReactNode {
  const { cx = 0, cy = 0, payload } = props;
  if (!payload) return null;
  const colour = POSITION[payload.position].colour;
  const outlier = payload.position.endsWith('outlier');
  const warning = payload.position.endsWith('warning');
  const show = (): void => props.onHover({ p: payload, x: cx, y: cy });
  const common = {
    fill: colour,
    stroke: '#fff',
    strokeWidth: 1.5,
    style: { cursor: 'pointer' },
    onClick: () => props.onOpen(payload),
    onMouseEnter: show,
    onMouseLeave: () => props.onHover(null),
    'data-testid': `funnel-point-${payload.assessorRef}`,
  };
  return (
    // Each point is a link for keyboard users too: Tab to it, Enter to open its decisions.
    <g
      tabIndex={0}
      role="link"
      aria-label={`${payload.assessorRef}: ${pct(payload.rate)} of ${payload.n}, ${POSITION[payload.position].label}. Open these decisions.`}
      onFocus={show}
      onBlur={() => props.onHover(null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          props.onOpen(payload);
        }
      }}
    >
      {outlier ? (
        <path
          d={`M${cx},${cy - 8} L${cx + 8},${cy} L${cx},${cy + 8} L${cx - 8},${cy} Z`}
          {...common}
        />
      ) : warning ? (
        <path d={`M${cx},${cy - 7} L${cx + 7},${cy + 6} L${cx - 7},${cy + 6} Z`} {...common} />
      ) : (
        <circle cx={cx} cy={cy} r={5.5} {...common} />
      )}
      {outlier || warning ? (
        <text x={cx + 10} y={cy + 4} fontSize={11} fill="#1f2430" pointerEvents="none">
          {payload.assessorRef}
        </text>
      ) : null}
    </g>
  );
}

type Hover = { p: Point; x: number; y: number } | null;

/**
 * The hover state lives outside the chart: re-rendering the SVG on every hover would replace the
 * point under the pointer between mouse down and up, and the click would be lost.
 */
export function FunnelPlot(props: {
  funnel: FunnelDto;
  measureLabel: string;
  onOpen: (p: Point) => void;
}): ReactNode {
  const [hover, setHover] = useState<Hover>(null);
  const open = useRef(props.onOpen);
  useEffect(() => {
    open.current = props.onOpen;
  });
  const onOpen = useCallback((p: Point) => open.current(p), []);
  const { funnel } = props;
  return (
    <div className="funnel-chart">
      <FunnelSvg
        funnel={funnel}
        measureLabel={props.measureLabel}
        onOpen={onOpen}
        onHover={setHover}
      />
      {hover ? (
        <div
          className="chart-tooltip floating"
          style={{ left: hover.x + 14, top: hover.y - 12 }}
          role="status"
        >
          <TooltipBox
            bare
            title={`${hover.p.assessorRef} ${hover.p.assessorName}`}
            lines={[
              `${props.measureLabel}: ${formatNumber(hover.p.events)} of ${formatNumber(hover.p.n)} (${pct(hover.p.rate)})`,
              `Cohort: ${pct(funnel.theta)}`,
              POSITION[hover.p.position].label,
              hover.p.n < funnel.minDecisions
                ? `Fewer than ${funnel.minDecisions} decisions: not judged`
                : null,
              'Select to list these decisions',
            ]}
          />
        </div>
      ) : null}
    </div>
  );
}

const FunnelSvg = memo(function FunnelSvg(props: {
  funnel: FunnelDto;
  measureLabel: string;
  onOpen: (p: Point) => void;
  onHover: (h: Hover) => void;
}): ReactNode {
  const { funnel } = props;
  const theta = funnel.theta ?? 0;
  const rates = funnel.points.map((p) => p.rate);
  const lo = Math.max(0, Math.floor((Math.min(theta, ...rates) - 0.12) * 20) / 20);
  const hi = Math.min(1, Math.ceil((Math.max(theta, ...rates) + 0.12) * 20) / 20);
  const nMax = Math.max(...funnel.curve.map((c) => c.n), 10);
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Funnel plot of ${props.measureLabel} rate against decisions: cohort ${pct(funnel.theta)}; ${
        funnel.points
          .filter((p) => p.position !== 'within')
          .map((p) => `${p.assessorRef} ${pct(p.rate)} of ${p.n}, ${POSITION[p.position].label}`)
          .join('; ') || 'every assessor within the 95% limits'
      }`}
    >
      <ResponsiveContainer width="100%" height={380}>
        <ComposedChart margin={{ top: 12, right: 24, bottom: 36, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
          <XAxis
            type="number"
            dataKey="n"
            // A tenth to spare on the right, so the busiest assessor's label is not cut off.
            domain={[0, Math.ceil((nMax * 1.1) / 10) * 10]}
            tick={AXIS_TICK}
            tickFormatter={(v: number) => formatNumber(v)}
            label={{
              value: 'Decisions graded by the assessor in the period',
              position: 'insideBottom',
              offset: -22,
              ...AXIS_LABEL,
            }}
            allowDataOverflow
          />
          <YAxis
            type="number"
            domain={[lo, hi]}
            allowDataOverflow
            tick={AXIS_TICK}
            tickFormatter={(v: number) => pct(v, 0)}
            width={70}
            label={{
              value: `${props.measureLabel} rate`,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle', ...AXIS_LABEL },
            }}
          />
          <Legend
            itemSorter={null}
            verticalAlign="top"
            height={30}
            wrapperStyle={{ fontSize: 12 }}
          />
          <ReferenceLine
            y={theta}
            stroke={OKABE_ITO.black}
            strokeDasharray="6 4"
            label={{
              value: `Cohort ${pct(theta)}`,
              position: 'insideTopRight',
              fontSize: 11,
              fill: '#1f2430',
            }}
          />
          {LIMIT_LINES.map((l) => (
            <Line
              key={l.dataKey}
              data={funnel.curve}
              dataKey={l.dataKey}
              name={l.name}
              stroke={l.stroke}
              strokeDasharray={l.dash}
              strokeWidth={l.width}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              legendType={l.legend ? 'plainline' : 'none'}
            />
          ))}
          <Scatter
            data={funnel.points}
            dataKey="rate"
            name="Assessor"
            legendType="none"
            fill={OKABE_ITO.blue}
            isAnimationActive={false}
            shape={(p: unknown) => (
              <PointShape
                {...(p as { cx?: number; cy?: number; payload?: Point })}
                onOpen={props.onOpen}
                onHover={props.onHover}
              />
            )}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <p className="legend small funnel-key" aria-hidden="true">
        <span className="legend-item">
          <svg width="14" height="14" viewBox="-7 -7 14 14">
            <circle r="5" fill={POSITION.within.colour} />
          </svg>
          within the 95% limits
        </span>
        <span className="legend-item">
          <svg width="14" height="14" viewBox="-7 -7 14 14">
            <path d="M0,-6 L6,5 L-6,5 Z" fill={POSITION.high_warning.colour} />
          </svg>
          between the 95% and 99.8% limits
        </span>
        <span className="legend-item">
          <svg width="14" height="14" viewBox="-7 -7 14 14">
            <path d="M0,-6 L6,0 L0,6 L-6,0 Z" fill={POSITION.high_outlier.colour} />
          </svg>
          outside the 99.8% limits: outlier
        </span>
      </p>
    </div>
  );
});
