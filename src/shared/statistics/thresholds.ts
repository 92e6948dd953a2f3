/**
 * The analytics thresholds, in one place: the screen, the command line and the evidence pack read
 * them from here (through the settings table when an EPAO overrides them), so a verdict never
 * appears in one and not another.
 */
import { z } from 'zod';

export const AnalyticsSettings = z
  .object({
    /**
     * Below this many moderated decisions an assessor's agreement figures are shown as "too few
     * moderated decisions to judge": kappa's interval is too wide to mean anything before this.
     */
    minModeratedPairs: z.number().int().min(2).max(1000).default(20),
    /** Below this many decisions an assessor is drawn on the funnel but never called an outlier. */
    minDecisionsForFunnel: z.number().int().min(1).max(1000).default(10),
  })
  .strict();
export type AnalyticsSettings = z.infer<typeof AnalyticsSettings>;

export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = AnalyticsSettings.parse({});

/** The settings-table key an EPAO's override is stored under. */
export const ANALYTICS_SETTINGS_KEY = 'analytics.thresholds';
