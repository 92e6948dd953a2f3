import type { HandlerMap } from '../api/types';
import { getConsistency, getFunnel, getTrends } from './consistency';
import { evidencePack } from './evidence-pack';
import { getHeatmap } from './heatmap';
import { getFilterOptions } from './options';
import { getAnalyticsOverview } from './overview';

type Channels =
  | 'analytics:filter-options'
  | 'analytics:overview'
  | 'analytics:consistency'
  | 'analytics:funnel'
  | 'analytics:criteria-heatmap'
  | 'analytics:trends'
  | 'analytics:evidence-pack';

export const analyticsHandlers: HandlerMap<Channels> = {
  'analytics:filter-options': (ctx) => getFilterOptions(ctx),
  'analytics:overview': (ctx, input) => getAnalyticsOverview(ctx, input),
  'analytics:consistency': (ctx, input) => getConsistency(ctx, input),
  'analytics:funnel': (ctx, input) => getFunnel(ctx, input),
  'analytics:criteria-heatmap': (ctx, input) => getHeatmap(ctx, input),
  'analytics:trends': (ctx, input) => getTrends(ctx, input),
  'analytics:evidence-pack': (ctx, input) => evidencePack(ctx, input),
};
