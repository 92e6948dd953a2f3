/**
 * Assessor risks that raise a sampling rate, beyond moderation disagreements (scope.ts) and
 * upheld appeals (appeals): a recently new assessor, an overdue standardisation, an outlying
 * grade profile. Each is found at generation and stored with the plan, so `verify` re-runs the
 * plan with the risks as they were.
 */
import { DEFAULT_SAMPLING_PARAMS, funnelVerdict } from '@shared/sampling';
import type { AppContext } from '../core/context';
import type { RiskProvider } from './scope';

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0));
  target.setUTCDate(Math.min(d, last.getUTCDate()));
  return target.toISOString().slice(0, 10);
}

function methodIdsOf(ctx: AppContext, standards: string[] | undefined): number[] {
  return ctx.sqlite
    .prepare(
      `SELECT m.id FROM assessment_methods m JOIN standard_versions v ON v.id = m.standard_version_id
       JOIN standards st ON st.id = v.standard_id
       WHERE ? IS NULL OR st.code IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .all(standards ? 1 : null, JSON.stringify(standards ?? [])) as number[];
}

/**
 * "New" is 100% for the first months (a mandatory rule in the draw); after that the assessor
 * keeps a higher rate for the follow-on months, whether new to the EPAO or to the standard.
 */
export const newAssessorRisk: RiskProvider = (ctx, period, ids) => {
  const months = period.params?.newAssessorMonths ?? DEFAULT_SAMPLING_PARAMS.newAssessorMonths;
  const followOn =
    period.params?.newAssessorFollowOnMonths ?? DEFAULT_SAMPLING_PARAMS.newAssessorFollowOnMonths;
  const out = new Map<number, { code: 'new_assessor'; detail: string }[]>();
  if (followOn <= 0) return out;
  const methods = JSON.stringify(methodIdsOf(ctx, period.standards));
  const startOf = ctx.sqlite.prepare('SELECT start_date FROM assessors WHERE id = ?').pluck();
  const firstOnStandard = ctx.sqlite
    .prepare(
      `SELECT assessment_date FROM decisions INDEXED BY decisions_assessor_date
       WHERE assessor_id = ? AND method_id IN (SELECT value FROM json_each(?))
       ORDER BY assessment_date LIMIT 1`,
    )
    .pluck();
  for (const id of ids) {
    const starts: [string, string][] = [];
    const epao = startOf.get(id) as string | null;
    if (epao) starts.push(['with the EPAO', epao]);
    const standard = firstOnStandard.get(id, methods) as string | undefined;
    if (standard) starts.push(['on the standard', standard]);
    for (const [what, start] of starts) {
      const newUntil = addMonths(start, months);
      const until = addMonths(newUntil, followOn);
      if (period.from < until && period.to >= newUntil) {
        out.set(id, [
          {
            code: 'new_assessor',
            detail: `recently new assessor (started ${what} ${start}): higher rate until ${until}`,
          },
        ]);
        break;
      }
    }
  }
  return out;
};

/**
 * No standardisation attended in the 12 months before the period. Only judged once the EPAO
 * records standardisation at all: with no events on file the app cannot tell who is overdue.
 */
export const standardisationOverdueRisk: RiskProvider = (ctx, period, ids) => {
  const out = new Map<number, { code: 'standardisation_overdue'; detail: string }[]>();
  const any = ctx.sqlite.prepare('SELECT 1 FROM standardisation_events LIMIT 1').get();
  if (!any) return out;
  const last = new Map(
    ctx.sqlite
      .prepare(
        `SELECT a.assessor_id, max(e.event_date) FROM standardisation_attendance a
         JOIN standardisation_events e ON e.id = a.event_id
         WHERE a.attendance = 'attended' AND e.event_date <= ? GROUP BY a.assessor_id`,
      )
      .raw(true)
      .all(period.from) as [number, string][],
  );
  const since = addMonths(period.from, -12);
  for (const id of ids) {
    const date = last.get(id);
    if (date && date >= since) continue;
    out.set(id, [
      {
        code: 'standardisation_overdue',
        detail: date
          ? `standardisation overdue: last attended ${date}`
          : 'standardisation overdue: none attended on record',
      },
    ]);
  }
  return out;
};

/**
 * Distinction or Fail rate over the 12 months before the period outside the 99.8% funnel limits
 * around the cohort's rate (at least 20 decisions). The dashboards show the same test as a plot.
 */
export const outlierRisk: RiskProvider = (ctx, period) => {
  const rows = ctx.sqlite
    .prepare(
      `SELECT assessor_id, count(*), sum(grade = 'Distinction'), sum(grade = 'Fail') FROM decisions
       WHERE assessment_date >= ? AND assessment_date < ? AND method_id IN (SELECT value FROM json_each(?))
       GROUP BY assessor_id`,
    )
    .raw(true)
    .all(
      addMonths(period.from, -12),
      period.from,
      JSON.stringify(methodIdsOf(ctx, period.standards)),
    ) as [number, number, number, number][];
  const out = new Map<number, { code: 'outlier'; detail: string }[]>();
  const total = rows.reduce((s, r) => s + r[1], 0);
  if (total === 0) return out;
  const cohort = {
    Distinction: rows.reduce((s, r) => s + r[2], 0) / total,
    Fail: rows.reduce((s, r) => s + r[3], 0) / total,
  };
  for (const [id, n, distinctions, fails] of rows) {
    const found: string[] = [];
    for (const [grade, count] of [
      ['Distinction', distinctions],
      ['Fail', fails],
    ] as const) {
      const v = funnelVerdict(count, n, cohort[grade]);
      if (v?.outside) {
        found.push(
          `${grade} rate ${Math.round(v.rate * 100)}% over ${n} decisions, ${v.outside} the 99.8% limit (${Math.round((v.outside === 'above' ? v.upper : v.lower) * 100)}%)`,
        );
      }
    }
    if (found.length)
      out.set(id, [{ code: 'outlier', detail: `outlying grade profile: ${found.join('; ')}` }]);
  }
  return out;
};
