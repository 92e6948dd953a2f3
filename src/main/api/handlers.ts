import { appHandlers } from '../app/handlers';
import { assessorsHandlers } from '../assessors/handlers';
import { attachmentsHandlers } from '../attachments/handlers';
import { listAudit } from '../audit/service';
import { getOverview } from '../dashboard/service';
import { listDecisions } from '../decisions/service';
import { listStandards } from '../standards/service';
import { epasHandlers } from '../epas/handlers';
import { appealsHandlers } from '../appeals/handlers';
import { analyticsHandlers } from '../analytics/handlers';
import { importsHandlers } from '../imports/handlers';
import { moderationHandlers } from '../moderation/handlers';
import { samplingHandlers } from '../sampling/handlers';
import { standardisationHandlers } from '../standardisation/handlers';
import type { Handlers } from './types';

/** Every channel of the contract; the type makes a missing handler a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...samplingHandlers,
  ...moderationHandlers,
  ...epasHandlers,
  ...appealsHandlers,
  ...assessorsHandlers,
  ...attachmentsHandlers,
  ...standardisationHandlers,
  ...analyticsHandlers,
  ...importsHandlers,
  'dashboard:get-overview': (ctx) => getOverview(ctx),
  'decisions:list': (ctx, input) => listDecisions(ctx, input),
  'standards:list': (ctx) => listStandards(ctx),
  'audit:list': (ctx, input) => listAudit(ctx, input),
};
