/**
 * Re-sits and re-takes of a method already passed. Whether an attempt is one depends on the
 * EPA's other attempts, which may come later in an import's file, in another file, or have their
 * grade changed; so it is worked out per EPA from what is stored.
 */
import { resitAfterPassIssue } from '@shared/standards';
import type { AppContext } from '../core/context';
import { versionDefinition } from '../standards/load';
import { prepared } from '../db/statements';
import { syncFlags } from './flag-sync';

export const RESIT_AFTER_PASS = 'resit_after_pass';
const CODES = [RESIT_AFTER_PASS];

interface Attempt {
  id: number;
  versionId: number;
  method: string;
  attempt: number;
  grade: string;
}

/**
 * Flags already right are kept as they are, so only a change shows as newly raised. An import
 * also clears those no longer due (the source's record is the source's to correct); a grade
 * changed in the app (`raiseOnly`) only raises, as the re-sit cap flag: what was flagged about
 * the attempts as graded is not rewritten by a later judgement.
 */
export function refreshResitAfterPassFlags(
  ctx: AppContext,
  epaIds: Iterable<number>,
  options: { raiseOnly?: boolean } = {},
): void {
  const raiseOnly = options.raiseOnly === true;
  const s = ctx.sqlite;
  // Cached per connection: every grade change in the app comes here.
  const attempts = prepared(
    s,
    `SELECT d.id, e.standard_version_id AS versionId, m.code AS method, d.attempt, d.grade
     FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN assessment_methods m ON m.id = d.method_id
     WHERE d.epa_id = ?`,
  );
  for (const epaId of epaIds) {
    const all = attempts.all(epaId) as Attempt[];
    // Only an EPA with a later attempt can hold one; most hold none.
    const later = all.some((a) => a.attempt > 1);
    if (!later && raiseOnly) continue;
    for (const a of all) {
      const version = versionDefinition(ctx, a.versionId).version;
      const sameMethod = all.filter((b) => b.method === a.method);
      const issue = later && resitAfterPassIssue(version, a.method, a.attempt, sameMethod);
      // Raising nothing, a raise-only refresh has nothing to do for this attempt.
      if (!issue && raiseOnly) continue;
      syncFlags(ctx, a.id, CODES, issue ? [issue] : [], { raiseOnly });
    }
  }
}
