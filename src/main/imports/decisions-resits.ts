/**
 * Re-sits and re-takes of a method already passed. Whether an attempt is one depends on the
 * EPA's other attempts, which may come later in the file, in another file, or be corrected by a
 * re-import; so it is worked out per EPA once the file's rows are written, from what is stored.
 */
import { resitAfterPassIssue } from '@shared/standards';
import type { AppContext } from '../core/context';
import { versionDefinition } from '../standards/load';

const CODE = 'resit_after_pass';

interface Attempt {
  id: number;
  versionId: number;
  method: string;
  attempt: number;
  grade: string;
}

interface FlagRow {
  id: number;
  message: string;
}

/** Flags already right are kept as they are, so only a change shows as newly raised. */
export function refreshResitAfterPassFlags(ctx: AppContext, epaIds: Iterable<number>): void {
  const s = ctx.sqlite;
  const attempts = s.prepare(
    `SELECT d.id, e.standard_version_id AS versionId, m.code AS method, d.attempt, d.grade
     FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN assessment_methods m ON m.id = d.method_id
     WHERE d.epa_id = ?`,
  );
  const existing = s.prepare(
    `SELECT id, message FROM compliance_flags WHERE decision_id = ? AND code = '${CODE}'`,
  );
  const remove = s.prepare('DELETE FROM compliance_flags WHERE id = ?');
  const insert = s.prepare(
    `INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, '${CODE}', ?, ?)`,
  );
  for (const epaId of epaIds) {
    const all = attempts.all(epaId) as Attempt[];
    // Only an EPA with a later attempt can hold one; most hold none.
    if (!all.some((a) => a.attempt > 1)) {
      for (const a of all) for (const f of existing.all(a.id) as FlagRow[]) remove.run(f.id);
      continue;
    }
    for (const a of all) {
      const version = versionDefinition(ctx, a.versionId).version;
      const sameMethod = all.filter((b) => b.method === a.method);
      const issue = resitAfterPassIssue(version, a.method, a.attempt, sameMethod);
      let kept = false;
      for (const f of existing.all(a.id) as FlagRow[]) {
        if (issue && !kept && f.message === issue.message) kept = true;
        else remove.run(f.id);
      }
      if (issue && !kept) insert.run(a.id, issue.field, issue.message);
    }
  }
}
