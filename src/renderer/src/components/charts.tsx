/**
 * Charts share one look: no animation (screenshots and e2e runs must be stable), axis titles,
 * Okabe–Ito colours, and the figures beside them for anyone who cannot read a chart.
 */
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { OKABE_ITO } from '../colours';
import { formatMonth, formatNumber } from '../format';

export interface BarDatum {
  label: string;
  value: number;
  colour?: string;
}

const AXIS_TICK = { fill: '#3d4451', fontSize: 12 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface TickProps {
  x?: number | string;
  y?: number | string;
  index?: number;
  payload?: { value?: unknown };
}

/**
 * A month tick on two lines, the year only under January and the first month, so thirteen
 * months fit side by side without overlapping.
 */
function MonthTick(props: TickProps): ReactNode {
  const value = String(props.payload?.value ?? '');
  const [year, month] = value.split('-');
  const m = Number(month);
  const showYear = props.index === 0 || m === 1;
  return (
    <text x={Number(props.x)} y={Number(props.y)} textAnchor="middle" fill="#3d4451" fontSize={12}>
      <tspan x={Number(props.x)} dy="0.9em">
        {MONTHS[m - 1] ?? value}
      </tspan>
      {showYear ? (
        <tspan x={Number(props.x)} dy="1.2em" fontWeight={600}>
          {year}
        </tspan>
      ) : null}
    </text>
  );
}

export function ColumnChart(props: {
  data: BarDatum[];
  xTitle: string;
  yTitle: string;
  seriesName: string;
  height?: number;
  description: string;
  /** Labels are `YYYY-MM` months: draw them as month and year. */
  months?: boolean;
  /** Makes each bar a drill-down, given its label. */
  onBarClick?: (label: string) => void;
}): ReactNode {
  return (
    <div className="chart" role="img" aria-label={props.description}>
      <ResponsiveContainer width="100%" height={props.height ?? 260}>
        <BarChart data={props.data} margin={{ top: 20, right: 16, bottom: 36, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d9dde3" />
          <XAxis
            dataKey="label"
            tick={props.months ? (p: TickProps) => <MonthTick {...p} /> : AXIS_TICK}
            height={props.months ? 44 : 30}
            interval={0}
            tickLine={false}
            label={{ value: props.xTitle, position: 'insideBottom', offset: -24, fill: '#3d4451' }}
          />
          <YAxis
            tick={AXIS_TICK}
            allowDecimals={false}
            tickFormatter={(v: number) => formatNumber(v)}
            label={{
              value: props.yTitle,
              angle: -90,
              position: 'insideLeft',
              offset: 0,
              style: { textAnchor: 'middle', fill: '#3d4451' },
            }}
            width={64}
          />
          <Tooltip
            cursor={{ fill: 'rgba(0, 114, 178, 0.08)' }}
            formatter={(v) => [formatNumber(Number(v)), props.seriesName]}
            labelFormatter={(label) => (props.months ? formatMonth(String(label)) : String(label))}
          />
          <Bar
            dataKey="value"
            name={props.seriesName}
            fill={OKABE_ITO.blue}
            isAnimationActive={false}
            maxBarSize={48}
            style={props.onBarClick ? { cursor: 'pointer' } : undefined}
            onClick={
              props.onBarClick
                ? (d: { payload?: BarDatum }) => d.payload && props.onBarClick?.(d.payload.label)
                : undefined
            }
          >
            {props.data.map((d) => (
              <Cell key={d.label} fill={d.colour ?? OKABE_ITO.blue} />
            ))}
            <LabelList
              dataKey="value"
              position="top"
              formatter={(v) => formatNumber(Number(v))}
              style={{ fill: '#3d4451', fontSize: 11 }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Horizontal bars, for a handful of categories with long names (grades, methods). */
export function HorizontalBars(props: {
  data: BarDatum[];
  seriesName: string;
  xTitle: string;
  description: string;
}): ReactNode {
  const height = Math.max(120, props.data.length * 44 + 56);
  return (
    <div className="chart" role="img" aria-label={props.description}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={props.data}
          layout="vertical"
          margin={{ top: 4, right: 56, bottom: 24, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d9dde3" />
          <XAxis
            type="number"
            tick={AXIS_TICK}
            tickCount={4}
            allowDecimals={false}
            tickFormatter={(v: number) => formatNumber(v)}
            label={{ value: props.xTitle, position: 'insideBottom', offset: -12, fill: '#3d4451' }}
          />
          <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={96} tickLine={false} />
          <Tooltip
            cursor={{ fill: 'rgba(0, 114, 178, 0.08)' }}
            formatter={(v) => [formatNumber(Number(v)), props.seriesName]}
          />
          <Bar dataKey="value" name={props.seriesName} isAnimationActive={false} barSize={24}>
            {props.data.map((d) => (
              <Cell key={d.label} fill={d.colour ?? OKABE_ITO.blue} />
            ))}
            <LabelList
              dataKey="value"
              position="right"
              formatter={(v) => formatNumber(Number(v))}
              style={{ fill: '#3d4451', fontSize: 12 }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
