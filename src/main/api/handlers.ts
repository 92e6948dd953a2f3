import { appHandlers } from '../app/handlers';
import { listAssessors } from '../assessors/service';
import { listAudit } from '../audit/service';
import { getOverview } from '../dashboard/service';
import { listDecisions } from '../decisions/service';
import { listStandards } from '../standards/service';
import { epasHandlers } from '../epas/handlers';
import { appealsHandlers } from '../appeals/handlers';
import { importsHandlers } from '../imports/handlers';
import { moderationHandlers } from '../moderation/handlers';
import { samplingHandlers } from '../sampling/handlers';
import type { Handlers } from './types';

/** Every channel of the contract; the type makes a missing handler a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...samplingHandlers,
  ...moderationHandlers,
  ...epasHandlers,
  ...appealsHandlers,
  ...importsHandlers,
  'dashboard:get-overview': (ctx) => getOverview(ctx),
  'decisions:list': (ctx, input) => listDecisions(ctx, input),
  'assessors:list': (ctx) => listAssessors(ctx),
  'standards:list': (ctx) => listStandards(ctx),
  'audit:list': (ctx, input) => listAudit(ctx, input),
};
