import type { OverviewDto } from '@shared/contract';
import type { AppContext } from '../core/context';

function countsBy(ctx: AppContext, sql: string): Record<string, number> {
  const rows = ctx.sqlite.prepare(sql).raw(true).all() as [string, number][];
  return Object.fromEntries(rows);
}

export function getOverview(ctx: AppContext): OverviewDto {
  const s = ctx.sqlite;
  const latest = s.prepare('SELECT max(assessment_date) AS d FROM decisions').get() as {
    d: string | null;
  };
  const byMonth = latest.d
    ? (s
        .prepare(
          `SELECT substr(assessment_date, 1, 7) AS month, count(*) AS count FROM decisions
           WHERE assessment_date > date(?, '-12 months') GROUP BY month ORDER BY month`,
        )
        .all(latest.d) as { month: string; count: number }[])
    : [];
  return {
    decisionsByStatus: countsBy(ctx, 'SELECT status, count(*) FROM decisions GROUP BY status'),
    epasByStatus: countsBy(ctx, 'SELECT status, count(*) FROM epas GROUP BY status'),
    gradeCounts: countsBy(ctx, 'SELECT grade, count(*) FROM decisions GROUP BY grade'),
    methodCounts: countsBy(
      ctx,
      `SELECT m.code, count(*) FROM decisions d JOIN assessment_methods m ON m.id = d.method_id
       GROUP BY m.code`,
    ),
    flaggedDecisions: (
      s.prepare('SELECT count(DISTINCT decision_id) AS n FROM compliance_flags').get() as {
        n: number;
      }
    ).n,
    assessorsActive: (
      s.prepare("SELECT count(*) AS n FROM assessors WHERE status = 'active'").get() as {
        n: number;
      }
    ).n,
    decisionsByMonth: byMonth,
    latestAssessmentDate: latest.d,
    standards: s
      .prepare(
        `SELECT st.code AS code, v.version AS version, count(e.id) AS epas
         FROM standard_versions v JOIN standards st ON st.id = v.standard_id
         LEFT JOIN epas e ON e.standard_version_id = v.id
         GROUP BY v.id ORDER BY st.code, v.version`,
      )
      .all() as { code: string; version: string; epas: number }[],
  };
}
