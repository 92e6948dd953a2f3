/**
 * The standardisation policy as data. The assessment plan asks for standardisation "at least once
 * a year" and independent assessors with "2 years or more" of occupational competence; how an
 * EPAO counts the year, warns ahead and judges a sample-marking exercise varies, so these are
 * settings (stored in `settings`, shown and edited on the Compliance tab).
 */
import { z } from 'zod';

const Share = z.number().min(0).max(1);

export const StandardisationPolicySchema = z.strictObject({
  /** Rolling window: standardised at least once in every this many months. */
  windowMonths: z.number().int().min(1).max(36),
  /** "Due soon" when the due date is this many days away or fewer. */
  dueSoonDays: z.number().int().min(0).max(365),
  /** Occupational competence an independent assessor needs (the plan: 2 years or more). */
  competenceYears: z.number().int().min(0).max(20),
  /** Follow up an exercise participant whose exact agreement with the agreed grades is lower. */
  agreementTarget: Share,
  /** Follow up when weighted kappa is lower, once there are enough items for a verdict. */
  kappaTarget: z.number().min(-1).max(1),
  /** Below this many graded items, kappa is shown but no verdict is drawn from it. */
  minItemsForKappa: z.number().int().min(2).max(1000),
});
export type StandardisationPolicy = z.infer<typeof StandardisationPolicySchema>;

export const DEFAULT_STANDARDISATION_POLICY: StandardisationPolicy = {
  windowMonths: 12,
  dueSoonDays: 60,
  competenceYears: 2,
  agreementTarget: 0.8,
  kappaTarget: 0.6,
  minItemsForKappa: 10,
};

/** Plain-English descriptions, in the order the settings are shown. */
export const STANDARDISATION_POLICY_HELP: Record<keyof StandardisationPolicy, string> = {
  windowMonths:
    'Every active assessor is standardised at least once in this many months (rolling), on each standard version they assess.',
  dueSoonDays:
    'An assessor is “due soon” when their next standardisation is this many days away or fewer.',
  competenceYears:
    'Years of current occupational competence an independent assessor needs (assessment plan: 2 years or more).',
  agreementTarget:
    'In a sample-marking exercise, follow up anyone whose grades match the agreed grade less often than this.',
  kappaTarget:
    'Follow up anyone whose weighted kappa against the agreed grades is below this, once there are enough items.',
  minItemsForKappa:
    'Below this many graded items, weighted kappa is shown with its confidence interval but draws no verdict.',
};
