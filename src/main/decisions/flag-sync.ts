/**
 * Bringing a decision's flags of some codes up to date with what its rules say now, for rules
 * that depend on more than the decision's own row (its EPA's gateway date, its EPA's other
 * attempts): those change when another row or file does, and the flags are worked out again.
 */
import type { ComplianceIssue } from '@shared/standards';
import type { AppContext } from '../core/context';
import { prepared } from '../db/statements';

/**
 * Makes the decision's flags of `codes` those of `wanted`. A flag already right is kept as it
 * is, so when it was raised stays and only a change shows as newly raised; one no longer due is
 * removed, unless `raiseOnly` (a grade changed in the app only raises: what was flagged about
 * the attempts as graded is not rewritten by a later judgement).
 */
export function syncFlags(
  ctx: AppContext,
  decisionId: number,
  codes: readonly string[],
  wanted: readonly ComplianceIssue[],
  options: { raiseOnly?: boolean } = {},
): void {
  const s = ctx.sqlite;
  const stored = prepared(
    s,
    `SELECT id, code, message FROM compliance_flags
     WHERE decision_id = ? AND code IN (${codes.map(() => '?').join(',')})`,
    'raw',
  ).all(decisionId, ...codes) as [number, string, string][];
  const due = new Set(wanted.map((i) => `${i.code}|${i.message}`));
  const kept = new Set<string>();
  const remove = prepared(s, 'DELETE FROM compliance_flags WHERE id = ?');
  for (const [id, code, message] of stored) {
    const key = `${code}|${message}`;
    if (due.has(key) && !kept.has(key)) kept.add(key);
    else if (!options.raiseOnly) remove.run(id);
  }
  const insert = prepared(
    s,
    'INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, ?, ?, ?)',
  );
  for (const i of wanted) {
    const key = `${i.code}|${i.message}`;
    if (kept.has(key)) continue;
    insert.run(decisionId, i.code, i.field, i.message);
    kept.add(key);
  }
}
