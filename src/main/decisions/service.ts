import type { DecisionFilter, DecisionRowDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { SETTLES } from '../moderation/settled';

interface ListInput {
  filter: DecisionFilter;
  after?: { assessmentDate: string; id: number } | undefined;
  limit: number;
}

/** Filtering and paging happen in SQL: the renderer never receives more than a page. */
function whereClause(filter: DecisionFilter): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filter.assessorRef) {
    parts.push('a.ref = ?');
    params.push(filter.assessorRef);
  }
  if (filter.method) {
    parts.push('m.code = ?');
    params.push(filter.method);
  }
  if (filter.grade) {
    parts.push('d.grade = ?');
    params.push(filter.grade);
  }
  if (filter.status) {
    parts.push('d.status = ?');
    params.push(filter.status);
  }
  if (filter.from) {
    parts.push('d.assessment_date >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    parts.push('d.assessment_date <= ?');
    params.push(filter.to);
  }
  if (filter.standard) {
    parts.push('st.code = ?');
    params.push(filter.standard);
  }
  if (filter.version) {
    parts.push('v.version = ?');
    params.push(filter.version);
  }
  if (filter.provider) {
    parts.push('pr.ukprn = ?');
    params.push(filter.provider);
  }
  if (filter.employer) {
    parts.push('emp.name = ?');
    params.push(filter.employer);
  }
  if (filter.flagged !== undefined) {
    parts.push(
      `${filter.flagged ? '' : 'NOT '}EXISTS (SELECT 1 FROM compliance_flags f WHERE f.decision_id = d.id)`,
    );
  }
  if (filter.unmoderated) {
    parts.push(
      `NOT EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id AND ${SETTLES})`,
    );
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

export function listDecisions(
  ctx: AppContext,
  input: ListInput,
): { rows: DecisionRowDto[]; total: number; next: { assessmentDate: string; id: number } | null } {
  const where = whereClause(input.filter);
  const from = `FROM decisions d
    JOIN assessors a ON a.id = d.assessor_id
    JOIN assessment_methods m ON m.id = d.method_id`;
  // The joins that only some filters need, so the plain count stays on the decisions table.
  const byParty = input.filter.provider || input.filter.employer;
  const byStandard = input.filter.standard || input.filter.version;
  const countJoins = `${byParty || byStandard ? ' JOIN epas e ON e.id = d.epa_id' : ''}${
    byParty
      ? ' JOIN apprentices p ON p.id = e.apprentice_id LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id'
      : ''
  }${
    byStandard
      ? ' JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id'
      : ''
  }`;
  const total = (
    ctx.sqlite
      .prepare(`SELECT count(*) AS n ${from}${countJoins} WHERE ${where.sql}`)
      .get(...where.params) as {
      n: number;
    }
  ).n;
  const keyset = input.after ? ' AND (d.assessment_date, d.id) < (?, ?)' : '';
  const keysetParams = input.after ? [input.after.assessmentDate, input.after.id] : [];
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.id, d.decision_ref AS decisionRef, p.uln,
         trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')) AS apprentice,
         emp.name AS employer, pr.ukprn AS provider, st.code AS standard, v.version, m.code AS method, d.attempt,
         a.ref AS assessorRef, a.name AS assessorName, d.assessment_date AS assessmentDate,
         d.grade, d.status,
         (SELECT group_concat(f.message, '|') FROM compliance_flags f WHERE f.decision_id = d.id) AS flags
       ${from}
       JOIN epas e ON e.id = d.epa_id
       JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id
       LEFT JOIN providers pr ON pr.id = p.provider_id
       JOIN standard_versions v ON v.id = e.standard_version_id
       JOIN standards st ON st.id = v.standard_id
       WHERE ${where.sql}${keyset}
       ORDER BY d.assessment_date DESC, d.id DESC
       LIMIT ?`,
    )
    .all(...where.params, ...keysetParams, input.limit) as (Omit<DecisionRowDto, 'flags'> & {
    flags: string | null;
  })[];
  const mapped = rows.map((r) => ({ ...r, flags: r.flags ? r.flags.split('|') : [] }));
  const last = mapped.at(-1);
  return {
    rows: mapped,
    total,
    next:
      last && mapped.length === input.limit
        ? { assessmentDate: last.assessmentDate, id: last.id }
        : null,
  };
}
