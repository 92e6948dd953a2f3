/**
 * Which grading criteria moderators most often disagree on, per assessment method: every
 * criterion judgement recorded in moderation of the filtered decisions (analytics_criteria).
 */
import type { AnalyticsFilter, HeatmapDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { filterSql } from './filter';
import { assessorIds, readCriteria, readModerated } from './scan';

export function getHeatmap(ctx: AppContext, filter: AnalyticsFilter): HeatmapDto {
  const f = filterSql(ctx, filter);
  const ids = assessorIds(ctx, f);
  const methodOf = new Map(
    ctx.sqlite
      .prepare(
        `SELECT DISTINCT c.code, m.code FROM grading_criteria c JOIN assessment_methods m ON m.id = c.method_id`,
      )
      .raw(true)
      .all() as [string, string][],
  );
  const counts = new Map<string, { judged: number; disagreed: number }>();
  const found = readCriteria(ctx, f, ids, [...methodOf.keys()]);
  for (const [code, judgement, n] of found) {
    const c = counts.get(code) ?? { judged: 0, disagreed: 0 };
    c.judged += n;
    if (judgement === 'disagree') c.disagreed += n;
    counts.set(code, c);
  }
  const rows: [string, string, number, number][] = [...counts.entries()].map(([code, c]) => [
    methodOf.get(code) ?? '?',
    code,
    c.judged,
    c.disagreed,
  ]);
  // Moderated decisions behind the judgements, for the chart's note.
  const records = readModerated(ctx, f, ids);
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
