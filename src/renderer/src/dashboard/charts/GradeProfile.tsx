import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { gradeColour } from '../../colours';
import { formatNumber } from '../../format';
import { AXIS_LABEL, AXIS_TICK, GRID, TooltipBox, pct } from '../common';

export interface ProfileRow {
  /** "Cohort" or the assessor's ref. */
  label: string;
  assessorRef: string | null;
  name: string;
  decisions: number;
  counts: Record<string, number>;
  /** Shares per grade, 0..1. */
  [grade: string]: unknown;
}

/** Fail, Pass and Distinction shares per assessor as 100% bars, the cohort on top for comparison. */
export function GradeProfile(props: {
  rows: ProfileRow[];
  grades: string[];
  onOpen: (row: ProfileRow, grade: string) => void;
}): ReactNode {
  const height = props.rows.length * 24 + 80;
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Grade profile: ${props.rows
        .map(
          (r) =>
            `${r.label} ${props.grades.map((g) => `${g} ${pct(r[g] as number, 0)}`).join(', ')}`,
        )
        .join('; ')}`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={props.rows}
          layout="vertical"
          barCategoryGap={3}
          margin={{ top: 4, right: 24, bottom: 28, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke={GRID} />
          <XAxis
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={(v: number) => pct(v, 0)}
            tick={AXIS_TICK}
            label={{
              value: 'Share of the assessor’s decisions, as awarded',
              position: 'insideBottom',
              offset: -16,
              ...AXIS_LABEL,
            }}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={70}
            interval={0}
            tick={(p: {
              x?: number | string;
              y?: number | string;
              payload?: { value?: unknown };
            }) => {
              const v = String(p.payload?.value ?? '');
              return (
                <text
                  x={Number(p.x)}
                  y={Number(p.y)}
                  dy={4}
                  textAnchor="end"
                  fontSize={12}
                  fill="#3d4451"
                  fontWeight={v === 'Cohort' ? 700 : 400}
                >
                  {v}
                </text>
              );
            }}
            tickLine={false}
          />
          <Tooltip
            cursor={{ fill: 'rgba(0, 114, 178, 0.08)' }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as ProfileRow | undefined;
              if (!active || !row) return null;
              return (
                <TooltipBox
                  title={
                    row.assessorRef ? `${row.assessorRef} ${row.name}` : 'Cohort (every assessor)'
                  }
                  lines={[
                    `${formatNumber(row.decisions)} decisions`,
                    ...props.grades.map(
                      (g) => `${g}: ${formatNumber(row.counts[g] ?? 0)} (${pct(row[g] as number)})`,
                    ),
                  ]}
                />
              );
            }}
          />
          <Legend
            itemSorter={null}
            verticalAlign="top"
            height={26}
            wrapperStyle={{ fontSize: 12 }}
          />
          {props.grades.map((g, i) => (
            <Bar
              key={g}
              dataKey={g}
              name={g}
              stackId="grades"
              fill={gradeColour(g, i)}
              isAnimationActive={false}
              shape={(bar: unknown) => {
                const b = bar as { payload: ProfileRow } & Record<string, unknown>;
                return (
                  <Rectangle
                    {...(b as object)}
                    style={{ cursor: 'pointer' }}
                    onClick={() => props.onOpen(b.payload, g)}
                    data-testid={`profile-${b.payload.assessorRef ?? 'cohort'}-${g}`}
                  />
                );
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
