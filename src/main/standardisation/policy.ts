/** The standardisation policy in force: a setting, audited on every change. */
// From the files, not the barrel: the import worker loads this module (see core/decision-rules).
import {
  DEFAULT_STANDARDISATION_POLICY,
  StandardisationPolicySchema,
  type StandardisationPolicy,
} from '@shared/standardisation/policy';
import type { AppContext } from '../core/context';
import { readSetting, writeSetting } from '../app/status';
import { requireLead } from '../users/service';
import { recomputeFlags } from './flags';

export const POLICY_KEY = 'standardisation.policy';

export function currentPolicy(ctx: AppContext): StandardisationPolicy {
  const stored = readSetting<unknown>(ctx, POLICY_KEY);
  if (stored === undefined) return DEFAULT_STANDARDISATION_POLICY;
  // A partial or older setting keeps the defaults for what it lacks.
  const parsed = StandardisationPolicySchema.safeParse({
    ...DEFAULT_STANDARDISATION_POLICY,
    ...(typeof stored === 'object' && stored !== null ? stored : {}),
  });
  return parsed.success ? parsed.data : DEFAULT_STANDARDISATION_POLICY;
}

/**
 * Saves the policy (audited by writeSetting) and recomputes every decision's standardisation
 * flags under it in the same transaction: a longer window may clear "lapsed" flags, a shorter one
 * raise them. Only an IQA lead may.
 */
export function setPolicy(
  ctx: AppContext,
  policy: StandardisationPolicy,
): { policy: StandardisationPolicy; flagsChanged: number } {
  requireLead(ctx);
  const next = StandardisationPolicySchema.parse(policy);
  const changes = ctx.sqlite
    .transaction(() => {
      writeSetting(ctx, POLICY_KEY, next);
      return recomputeFlags(ctx, { all: true });
    })
    .immediate();
  return {
    policy: currentPolicy(ctx),
    flagsChanged: changes.raised + changes.cleared + changes.reworded,
  };
}
