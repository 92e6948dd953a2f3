import type { ReactNode } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TrendMonthDto } from '@shared/contract';
import { OKABE_ITO } from '../../colours';
import { formatMonth, formatNumber } from '../../format';
import { AXIS_LABEL, AXIS_TICK, GRID, TooltipBox, fixed, pct, signed } from '../common';

export const TREND_MEASURES = {
  distinctionRate: {
    label: 'Distinction rate',
    get: (m: TrendMonthDto) => m.distinctionRate,
    percent: true,
  },
  failRate: { label: 'Fail rate', get: (m: TrendMonthDto) => m.failRate, percent: true },
  decisions: { label: 'Decisions', get: (m: TrendMonthDto) => m.decisions, percent: false },
  moderated: {
    label: 'Moderated decisions',
    get: (m: TrendMonthDto) => m.agreement.moderated,
    percent: false,
  },
  exactAgreement: {
    label: 'Exact agreement',
    get: (m: TrendMonthDto) => m.agreement.exactAgreement,
    percent: true,
  },
  kappa: {
    label: 'Quadratic weighted kappa',
    get: (m: TrendMonthDto) => m.agreement.kappaQuadratic,
    percent: false,
  },
  ac2: { label: "Gwet's AC2", get: (m: TrendMonthDto) => m.agreement.gwetAc2, percent: false },
  meanDifference: {
    label: 'Mean difference (assessor − moderator)',
    get: (m: TrendMonthDto) => m.agreement.meanDifference,
    percent: false,
  },
} as const;
export type TrendMeasure = keyof typeof TREND_MEASURES;

export function formatTrendValue(measure: TrendMeasure, v: number | null): string {
  if (v === null) return '—';
  if (TREND_MEASURES[measure].percent) return pct(v);
  if (measure === 'decisions' || measure === 'moderated') return formatNumber(v);
  return measure === 'meanDifference' ? signed(v, 3) : fixed(v, 3);
}

export function TrendChart(props: {
  months: TrendMonthDto[];
  measure: TrendMeasure;
  onOpen: (month: string) => void;
}): ReactNode {
  const m = TREND_MEASURES[props.measure];
  const data = props.months.map((x) => ({ month: x.month, value: m.get(x), row: x }));
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${m.label} by month: ${data.map((d) => `${formatMonth(d.month)} ${formatTrendValue(props.measure, d.value)}`).join(', ')}`}
    >
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 16, right: 24, bottom: 36, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
          <XAxis
            dataKey="month"
            tick={AXIS_TICK}
            tickFormatter={(v: string) => formatMonth(v)}
            label={{
              value: 'Month of assessment',
              position: 'insideBottom',
              offset: -22,
              ...AXIS_LABEL,
            }}
          />
          <YAxis
            tick={AXIS_TICK}
            width={70}
            tickFormatter={(v: number) => formatTrendValue(props.measure, v)}
            label={{
              value: m.label,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle', ...AXIS_LABEL },
            }}
          />
          {props.measure === 'meanDifference' ? <ReferenceLine y={0} stroke="#555" /> : null}
          <Tooltip
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as (typeof data)[number] | undefined;
              if (!active || !d) return null;
              return (
                <TooltipBox
                  title={formatMonth(d.month)}
                  lines={[
                    `${m.label}: ${formatTrendValue(props.measure, d.value)}`,
                    `${formatNumber(d.row.decisions)} decisions, ${formatNumber(d.row.agreement.moderated)} moderated`,
                    d.value === null && !d.row.agreement.enough
                      ? 'Too few moderated decisions to judge this month'
                      : null,
                    'Click to list this month’s decisions',
                  ]}
                />
              );
            }}
          />
          <Line
            dataKey="value"
            name={m.label}
            stroke={OKABE_ITO.blue}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
            dot={{ r: 4, fill: OKABE_ITO.blue }}
            activeDot={{
              r: 6,
              style: { cursor: 'pointer' },
              onClick: (_e: unknown, p: unknown) => {
                const month = (p as { payload?: { month?: string } })?.payload?.month;
                if (month) props.onOpen(month);
              },
            }}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
