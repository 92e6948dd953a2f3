import type { FilterOptionsDto } from '@shared/contract';
import type { AppContext } from '../core/context';

/** What the filter controls offer: every value that exists, in a stable order. */
export function getFilterOptions(ctx: AppContext): FilterOptionsDto {
  const s = ctx.sqlite;
  const versions = s
    .prepare(
      `SELECT st.code, v.version FROM standard_versions v JOIN standards st ON st.id = v.standard_id
       ORDER BY st.code, v.version`,
    )
    .raw(true)
    .all() as [string, string][];
  const standards = new Map<string, string[]>();
  for (const [code, version] of versions)
    standards.set(code, [...(standards.get(code) ?? []), version]);
  const range = s
    .prepare('SELECT min(assessment_date), max(assessment_date) FROM decisions')
    .raw(true)
    .get() as [string | null, string | null];
  return {
    standards: [...standards.entries()].map(([code, v]) => ({ code, versions: v })),
    methods: s
      .prepare('SELECT DISTINCT code FROM assessment_methods ORDER BY code')
      .pluck()
      .all() as string[],
    assessors: s
      .prepare('SELECT ref, name FROM assessors ORDER BY ref')
      .all() as FilterOptionsDto['assessors'],
    providers: s
      .prepare('SELECT ukprn, name FROM providers ORDER BY name')
      .all() as FilterOptionsDto['providers'],
    employers: s.prepare('SELECT name FROM employers ORDER BY name').pluck().all() as string[],
    earliest: range[0],
    latest: range[1],
  };
}
