/**
 * Which grading criteria moderators most often disagree on, per assessment method: every
 * criterion judgement recorded in moderation of the filtered decisions.
 */
import type { AnalyticsFilter, HeatmapDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { filterSql } from './filter';

export function heatmapSql(where: string): string {
  return `SELECT m.code, c.criterion_code, count(*), sum(c.judgement = 'disagree')
    FROM moderation_records r CROSS JOIN decisions d ON d.id = r.decision_id
    JOIN moderation_criteria c ON c.record_id = r.id
    JOIN assessment_methods m ON m.id = d.method_id
    WHERE ${where}
    GROUP BY m.code, c.criterion_code`;
}

export function getHeatmap(ctx: AppContext, filter: AnalyticsFilter): HeatmapDto {
  const f = filterSql(ctx, filter);
  const rows = ctx.sqlite
    .prepare(heatmapSql(f.sql))
    .raw(true)
    .all(...f.params) as [string, string, number, number][];
  const records = ctx.sqlite
    .prepare(
      `SELECT count(*) FROM moderation_records r CROSS JOIN decisions d ON d.id = r.decision_id WHERE ${f.sql}`,
    )
    .pluck()
    .get(...f.params) as number;
  // Criterion wording and level from the newest version that defines the code for the method.
  const texts = new Map(
    (
      ctx.sqlite
        .prepare(
          `SELECT m.code || '|' || c.code, c.grade, c.text FROM grading_criteria c
           JOIN assessment_methods m ON m.id = c.method_id ORDER BY m.standard_version_id`,
        )
        .raw(true)
        .all() as [string, string, string][]
    ).map(([k, grade, text]) => [k, { grade, text }]),
  );
  const byMethod = new Map<string, HeatmapDto['methods'][number]['criteria']>();
  for (const [method, code, judged, disagreed] of rows) {
    const t = texts.get(`${method}|${code}`);
    const list = byMethod.get(method) ?? [];
    list.push({
      code,
      grade: t?.grade ?? null,
      text: t?.text ?? null,
      judged,
      disagreed,
      rate: judged ? disagreed / judged : 0,
    });
    byMethod.set(method, list);
  }
  const natural = new Intl.Collator('en-GB', { numeric: true });
  return {
    records,
    methods: [...byMethod.entries()]
      .sort(([a], [b]) => natural.compare(a, b))
      .map(([method, criteria]) => ({
        method,
        criteria: criteria.sort((a, b) => natural.compare(a.code, b.code)),
      })),
  };
}
