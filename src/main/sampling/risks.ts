/**
 * The recently-new-assessor risk. The other assessor risks live with the domain that owns the
 * rule: disagreements (scope.ts), upheld appeals (appeals), overdue standardisation
 * (standardisation/compliance.ts) and the outlying grade profile (analytics/outlier-risk.ts, the
 * dashboards' funnel test). Each is found at generation and stored with the plan, so `verify`
 * re-runs the plan with the risks as they were.
 */
import { DEFAULT_SAMPLING_PARAMS } from '@shared/sampling';
import { addCalendarMonths } from '@shared/standards';
import type { AppContext } from '../core/context';
import type { RiskProvider } from './scope';

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
      const newUntil = addCalendarMonths(start, months);
      const until = addCalendarMonths(newUntil, followOn);
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
