/**
 * A re-import that corrects an EPA's gateway date moves the EPA period for every attempt of
 * that EPA, including those the file does not repeat: their gateway flags are worked out again
 * from what is stored.
 */
import { checkDecisionLimits } from '@shared/standards';
import type { AppContext } from '../core/context';
import { prepared } from '../db/statements';
import { syncFlags } from '../decisions/flag-sync';
import { versionDefinition } from '../standards/load';

/** The flags that depend on the gateway date. */
export const GATEWAY_FLAG_CODES = [
  'assessment_before_gateway',
  'epa_period_exceeded',
  'resit_window_exceeded',
] as const;

interface Attempt {
  id: number;
  versionId: number;
  gateway: string;
  method: string;
  attempt: number;
  grade: string;
  assessmentDate: string;
  ec: number;
}

/** See syncFlags: flags already right are kept, so only a change shows as newly raised. */
export function refreshGatewayFlags(ctx: AppContext, epaIds: Iterable<number>): void {
  const attempts = prepared(
    ctx.sqlite,
    `SELECT d.id, e.standard_version_id AS versionId, e.gateway_date AS gateway, m.code AS method,
       d.attempt, d.grade, d.assessment_date AS assessmentDate, d.exceptional_circumstances AS ec
     FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN assessment_methods m ON m.id = d.method_id
     WHERE d.epa_id = ? AND e.gateway_date IS NOT NULL`,
  );
  for (const epaId of epaIds) {
    for (const a of attempts.all(epaId) as Attempt[]) {
      const issues = checkDecisionLimits(versionDefinition(ctx, a.versionId).version, {
        method: a.method,
        attempt: a.attempt,
        grade: a.grade,
        assessmentDate: a.assessmentDate,
        gatewayDate: a.gateway,
        exceptionalCircumstances: a.ec === 1,
      }).filter((i) => (GATEWAY_FLAG_CODES as readonly string[]).includes(i.code));
      syncFlags(ctx, a.id, GATEWAY_FLAG_CODES, issues);
    }
  }
}
