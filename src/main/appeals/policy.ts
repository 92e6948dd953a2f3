/** The appeals policy in force: a setting, versioned on every change. */
import { AppealsPolicySchema, DEFAULT_APPEALS_POLICY, type AppealsPolicy } from '@shared/appeals';
import { englandAndWales } from '@shared/calendar';
import { today, type AppContext } from '../core/context';
import { readSetting, writeSetting } from '../app/status';
import { requireLead } from '../users/service';

const KEY = 'appeals.policy';

export function currentPolicy(ctx: AppContext): AppealsPolicy {
  const stored = readSetting<unknown>(ctx, KEY);
  if (stored === undefined) return DEFAULT_APPEALS_POLICY;
  const parsed = AppealsPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_APPEALS_POLICY;
}

export function policyView(ctx: AppContext): {
  policy: AppealsPolicy;
  coverage: ReturnType<typeof englandAndWales.coverage>;
} {
  return { policy: currentPolicy(ctx), coverage: englandAndWales.coverage() };
}

/** Saves a new policy version; appeals already logged keep the version they were logged under. */
export function setPolicy(
  ctx: AppContext,
  policy: Omit<AppealsPolicy, 'version'>,
): ReturnType<typeof policyView> {
  requireLead(ctx);
  const previous = currentPolicy(ctx);
  const n = Number(/(\d+)$/.exec(previous.version)?.[1] ?? '0');
  const next = AppealsPolicySchema.parse({
    ...policy,
    version: `${today(ctx)}-${n + 1}`,
  });
  writeSetting(ctx, KEY, next);
  return policyView(ctx);
}
