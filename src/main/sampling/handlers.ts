import {
  DEFAULT_SAMPLING_PARAMS,
  SAMPLING_PARAM_HELP,
  SAMPLING_RULES_VERSION,
} from '@shared/sampling';
import type { HandlerMap } from '../api/types';
import { requireLead } from '../users/service';
import {
  addPlanItem,
  generateSamplingPlan,
  getPlan,
  listPlanItems,
  listPlans,
  publishPlan,
  removePlanItem,
  searchScope,
  topUpPlan,
  verifyPlan,
} from './plans';
import { topUpCandidates } from './publish';

type Channels =
  | 'sampling:get-defaults'
  | 'sampling:generate-plan'
  | 'sampling:list-plans'
  | 'sampling:get-plan'
  | 'sampling:list-items'
  | 'sampling:add-item'
  | 'sampling:remove-item'
  | 'sampling:search-scope'
  | 'sampling:publish-plan'
  | 'sampling:top-up-preview'
  | 'sampling:top-up-plan'
  | 'sampling:verify-plan';

export const samplingHandlers: HandlerMap<Channels> = {
  'sampling:get-defaults': () => ({
    params: DEFAULT_SAMPLING_PARAMS as unknown as Record<string, unknown>,
    help: SAMPLING_PARAM_HELP,
    rulesVersion: SAMPLING_RULES_VERSION,
  }),
  'sampling:generate-plan': (ctx, input) => (requireLead(ctx), generateSamplingPlan(ctx, input)),
  'sampling:list-plans': (ctx, input) => listPlans(ctx, input),
  'sampling:get-plan': (ctx, input) => getPlan(ctx, input.planId),
  'sampling:list-items': (ctx, input) => listPlanItems(ctx, input),
  'sampling:add-item': (ctx, input) => (requireLead(ctx), addPlanItem(ctx, input)),
  'sampling:remove-item': (ctx, input) => (requireLead(ctx), removePlanItem(ctx, input)),
  'sampling:search-scope': (ctx, input) => searchScope(ctx, input),
  'sampling:top-up-preview': (ctx, input) => ({ decisions: topUpCandidates(ctx, input.planId) }),
  'sampling:publish-plan': (ctx, input) => (requireLead(ctx), publishPlan(ctx, input.planId)),
  'sampling:top-up-plan': (ctx, input) => (requireLead(ctx), topUpPlan(ctx, input.planId)),
  'sampling:verify-plan': (ctx, input) => verifyPlan(ctx, input.planId),
};
