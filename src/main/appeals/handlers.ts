import type { HandlerMap } from '../api/types';
import { exportRegister } from './export';
import { policyView, setPolicy } from './policy';
import {
  addEvidence,
  assignReviewer,
  decideAppeal,
  getAppeal,
  listAppeals,
  logAppeal,
  readEvidence,
  searchEpas,
  transitionAppeal,
} from './service';
import { addRemediation, systemicView, updateRemediation } from './systemic';

type Channels =
  | 'appeals:list'
  | 'appeals:get'
  | 'appeals:search-epas'
  | 'appeals:log'
  | 'appeals:transition'
  | 'appeals:assign-reviewer'
  | 'appeals:decide'
  | 'appeals:add-evidence'
  | 'appeals:evidence-file'
  | 'appeals:systemic'
  | 'appeals:add-remediation'
  | 'appeals:update-remediation'
  | 'appeals:export'
  | 'appeals:get-policy'
  | 'appeals:set-policy';

export const appealsHandlers: HandlerMap<Channels> = {
  'appeals:list': (ctx, input) => listAppeals(ctx, input),
  'appeals:get': (ctx, input) => getAppeal(ctx, input.appealId),
  'appeals:search-epas': (ctx, input) => searchEpas(ctx, input.query),
  'appeals:log': (ctx, input) => logAppeal(ctx, input),
  'appeals:transition': (ctx, input) => transitionAppeal(ctx, input),
  'appeals:assign-reviewer': (ctx, input) => assignReviewer(ctx, input),
  'appeals:decide': (ctx, input) => decideAppeal(ctx, input),
  'appeals:add-evidence': (ctx, input) => addEvidence(ctx, input),
  'appeals:evidence-file': (ctx, input) => readEvidence(ctx, input.evidenceId),
  'appeals:systemic': (ctx, input) => systemicView(ctx, input.appealId),
  'appeals:add-remediation': (ctx, input) => addRemediation(ctx, input),
  'appeals:update-remediation': (ctx, input) => updateRemediation(ctx, input),
  'appeals:export': (ctx, input) => exportRegister(ctx, input),
  'appeals:get-policy': (ctx) => policyView(ctx),
  'appeals:set-policy': (ctx, input) => setPolicy(ctx, input.policy),
};
