/**
 * The dashboard filters as SQL over `decisions d`. Standard, version and method resolve to method
 * ids first (a method belongs to one standard version), so the hot scans stay on the covering
 * index of decisions without joining EPAs; provider and employer go through the apprentice.
 */
import type { AnalyticsFilter } from '@shared/contract';
import type { AppContext } from '../core/context';

export interface FilterSql {
  /** Conditions on `d` (decisions), joined with AND; never empty. */
  sql: string;
  params: (string | number)[];
  /** The same conditions without the period, for "now" figures such as the backlog. */
  sqlNoPeriod: string;
  paramsNoPeriod: (string | number)[];
  /** Method ids the filter allows, or null for all; [] when nothing matches. */
  methodIds: number[] | null;
  assessorId: number | null;
  /**
   * A provider or employer is chosen: the month roll-ups know neither, so figures come from the
   * source tables. When the EPAs chosen are a small share of all, reading starts from them.
   */
  people: 'none' | 'few' | 'many';
}

/** Above this share of all EPAs, one pass over the period beats a lookup per EPA. */
const FEW_EPAS = 0.25;

function methodIds(ctx: AppContext, f: AnalyticsFilter): number[] | null {
  if (!f.standard && !f.version && !f.method) return null;
  const parts: string[] = [];
  const params: string[] = [];
  if (f.standard) {
    parts.push('st.code = ?');
    params.push(f.standard);
  }
  if (f.version) {
    parts.push('v.version = ?');
    params.push(f.version);
  }
  if (f.method) {
    parts.push('m.code = ?');
    params.push(f.method);
  }
  return ctx.sqlite
    .prepare(
      `SELECT m.id FROM assessment_methods m JOIN standard_versions v ON v.id = m.standard_version_id
       JOIN standards st ON st.id = v.standard_id WHERE ${parts.join(' AND ')} ORDER BY m.id`,
    )
    .pluck()
    .all(...params) as number[];
}

export function filterSql(ctx: AppContext, f: AnalyticsFilter, alias = 'd'): FilterSql {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const ids = methodIds(ctx, f);
  // Ids are integers read from the database, so they can be written into the SQL, where the
  // planner sees them (a bound JSON list would hide them from it).
  if (ids) parts.push(ids.length ? `${alias}.method_id IN (${ids.join(',')})` : '0');
  let assessorId: number | null = null;
  if (f.assessor) {
    assessorId =
      (ctx.sqlite.prepare('SELECT id FROM assessors WHERE ref = ?').pluck().get(f.assessor) as
        number | undefined) ?? -1;
    parts.push(`${alias}.assessor_id = ?`);
    params.push(assessorId);
  }
  const people: string[] = [];
  if (f.provider) {
    people.push('p.provider_id = (SELECT id FROM providers WHERE ukprn = ?)');
    params.push(f.provider);
  }
  if (f.employer) {
    people.push('p.employer_id = (SELECT id FROM employers WHERE name = ?)');
    params.push(f.employer);
  }
  let share: FilterSql['people'] = 'none';
  if (people.length) {
    const epas = `SELECT e.id FROM apprentices p JOIN epas e ON e.apprentice_id = p.id WHERE ${people.join(' AND ')}`;
    parts.push(`${alias}.epa_id IN (${epas})`);
    const chosen = ctx.sqlite
      .prepare(`SELECT count(*) FROM (${epas})`)
      .pluck()
      .get(...params.slice(-people.length)) as number;
    // Ids only grow, so the largest is a free stand-in for the number of EPAs.
    const all = ctx.sqlite.prepare('SELECT coalesce(max(id), 0) FROM epas').pluck().get() as number;
    share = chosen <= all * FEW_EPAS ? 'few' : 'many';
  }
  const sqlNoPeriod = parts.length ? parts.join(' AND ') : '1';
  return {
    sql: `${alias}.assessment_date BETWEEN ? AND ? AND ${sqlNoPeriod}`,
    params: [f.from, f.to, ...params],
    sqlNoPeriod,
    paramsNoPeriod: params,
    methodIds: ids,
    assessorId,
    people: share,
  };
}

/** The filter as it is printed in reports: only what was set. */
export function describeFilter(f: AnalyticsFilter): Record<string, string> {
  const out: Record<string, string> = { from: f.from, to: f.to };
  for (const key of [
    'standard',
    'version',
    'method',
    'provider',
    'employer',
    'assessor',
  ] as const) {
    const v = f[key];
    if (v) out[key] = v;
  }
  return out;
}
