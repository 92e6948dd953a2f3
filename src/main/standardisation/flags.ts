/**
 * Raises and clears standardisation's compliance flags on decisions: made while the assessor's
 * standardisation on that standard version was lapsed or never done, or while the assessor did
 * not meet the independent-assessor criteria. Runs inside the caller's transaction (an import, the
 * demo generator, or a change to attendance, events, the register or the policy), so flags commit
 * with the change that caused them. Only this domain's codes are touched; a flag whose message is
 * unchanged keeps when it was first raised.
 */
import { STANDARDISATION_FLAG_CODES, decisionFlags, type FlagSpec } from '@shared/standardisation';
import type { AppContext } from '../core/context';
import type { DecisionsWrittenHook } from '../decisions/hooks';
import { currentPolicy } from './policy';
import { loadAssessorFacts, type AssessorFacts } from './records';

const CHUNK = 5000;
const CODES = JSON.stringify(STANDARDISATION_FLAG_CODES);

type DecisionRow = [number, number, string, string, string, string, string | null, string | null];

const SELECT = `SELECT d.id, d.assessor_id, d.assessment_date, st.code, v.version, p.uln, emp.name, pr.ukprn
  FROM decisions d JOIN epas e ON e.id = d.epa_id
  JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
  JOIN apprentices p ON p.id = e.apprentice_id
  LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id`;

export interface FlagChanges {
  decisions: number;
  raised: number;
  cleared: number;
}

export type FlagScope =
  { decisionIds: readonly number[] } | { assessorIds: readonly number[] } | { all: true };

function applyChunk(
  ctx: AppContext,
  rows: readonly DecisionRow[],
  facts: ReadonlyMap<number, AssessorFacts>,
  totals: FlagChanges,
): void {
  if (rows.length === 0) return;
  const s = ctx.sqlite;
  const policy = currentPolicy(ctx);
  const ids = JSON.stringify(rows.map((r) => r[0]));
  const existing = new Map<number, Map<string, { id: number; message: string }>>();
  for (const [flagId, decisionId, code, message] of s
    .prepare(
      `SELECT id, decision_id, code, message FROM compliance_flags
       WHERE decision_id IN (SELECT value FROM json_each(?)) AND code IN (SELECT value FROM json_each(?))`,
    )
    .raw(true)
    .all(ids, CODES) as [number, number, string, string][]) {
    let m = existing.get(decisionId);
    if (!m) existing.set(decisionId, (m = new Map()));
    m.set(code, { id: flagId, message });
  }
  const remove = s.prepare('DELETE FROM compliance_flags WHERE id = ?');
  const insert = s.prepare(
    'INSERT INTO compliance_flags (decision_id, code, field, message, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const at = ctx.clock().toISOString();
  for (const [id, assessorId, date, code, version, uln, employer, ukprn] of rows) {
    totals.decisions++;
    const assessor = facts.get(assessorId);
    const wanted: FlagSpec[] = assessor
      ? decisionFlags(
          { target: { code, version }, date, parties: { uln, employer, providerUkprn: ukprn } },
          assessor,
          policy,
        )
      : [];
    const have = existing.get(id) ?? new Map<string, { id: number; message: string }>();
    for (const flag of wanted) {
      const old = have.get(flag.code);
      if (old && old.message === flag.message) {
        have.delete(flag.code);
        continue;
      }
      if (old) {
        remove.run(old.id);
        have.delete(flag.code);
        totals.cleared++;
      }
      insert.run(id, flag.code, flag.field, flag.message, at);
      totals.raised++;
    }
    for (const stale of have.values()) {
      remove.run(stale.id);
      totals.cleared++;
    }
  }
}

function byIds(
  ctx: AppContext,
  ids: readonly number[],
  facts: ReadonlyMap<number, AssessorFacts> | null,
  totals: FlagChanges,
): void {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = ctx.sqlite
      .prepare(`${SELECT} WHERE d.id IN (SELECT value FROM json_each(?))`)
      .raw(true)
      .all(JSON.stringify(ids.slice(i, i + CHUNK))) as DecisionRow[];
    applyChunk(
      ctx,
      rows,
      facts ?? loadAssessorFacts(ctx, [...new Set(rows.map((r) => r[1]))]),
      totals,
    );
  }
}

/** Recomputes this domain's flags for the decisions in scope. Call inside a transaction. */
export function recomputeFlags(ctx: AppContext, scope: FlagScope): FlagChanges {
  const totals: FlagChanges = { decisions: 0, raised: 0, cleared: 0 };
  if ('decisionIds' in scope) {
    byIds(ctx, scope.decisionIds, null, totals);
  } else if ('assessorIds' in scope) {
    if (scope.assessorIds.length === 0) return totals;
    // Through the (assessor, date) index: one assessor's decisions, not a scan of everyone's.
    const ids = ctx.sqlite
      .prepare('SELECT id FROM decisions WHERE assessor_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(scope.assessorIds)) as number[];
    byIds(ctx, ids, loadAssessorFacts(ctx, scope.assessorIds), totals);
  } else {
    const facts = loadAssessorFacts(ctx, 'all');
    // Keyset pages keep memory flat on a register with a decade of decisions.
    let after = 0;
    for (;;) {
      const rows = ctx.sqlite
        .prepare(`${SELECT} WHERE d.id > ? ORDER BY d.id LIMIT ${CHUNK}`)
        .raw(true)
        .all(after) as DecisionRow[];
      if (rows.length === 0) break;
      applyChunk(ctx, rows, facts, totals);
      after = (rows.at(-1) as DecisionRow)[0];
    }
  }
  return totals;
}

/** Registered at bootstrap: whoever writes decisions gets this domain's flags on them. */
export const standardisationFlagsHook: DecisionsWrittenHook = (ctx, decisionIds) => {
  recomputeFlags(ctx, { decisionIds });
};
