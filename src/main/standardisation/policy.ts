/** The standardisation policy in force: a setting, audited on every change. */
import {
  DEFAULT_STANDARDISATION_POLICY,
  StandardisationPolicySchema,
  type StandardisationPolicy,
} from '@shared/standardisation';
import type { AppContext } from '../core/context';
import { readSetting, writeSetting } from '../app/status';

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

/** Saves the policy (audited by writeSetting); call inside the transaction that applies it. */
export function savePolicy(ctx: AppContext, policy: StandardisationPolicy): void {
  writeSetting(ctx, POLICY_KEY, StandardisationPolicySchema.parse(policy));
}
