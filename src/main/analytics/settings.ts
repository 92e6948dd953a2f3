import {
  ANALYTICS_SETTINGS_KEY,
  AnalyticsSettings,
  DEFAULT_ANALYTICS_SETTINGS,
} from '@shared/statistics';
import type { AppContext } from '../core/context';
import { readSetting } from '../app/status';

/** The thresholds in force: the EPAO's override from settings, else the defaults. */
export function analyticsSettings(ctx: AppContext): AnalyticsSettings {
  const stored = readSetting<unknown>(ctx, ANALYTICS_SETTINGS_KEY);
  if (stored === undefined) return DEFAULT_ANALYTICS_SETTINGS;
  const parsed = AnalyticsSettings.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_ANALYTICS_SETTINGS;
}
