import type { HandlerMap } from '../api/types';
import {
  removeCpd,
  saveAssessor,
  saveConflict,
  saveCpd,
  setApprovals,
  setAssessorStatus,
} from './editing';
import { assessorProfile, registerRows } from './register';
import { listAssessors } from './service';

type Channels =
  | 'assessors:list'
  | 'assessors:register'
  | 'assessors:get'
  | 'assessors:save'
  | 'assessors:set-status'
  | 'assessors:set-approvals'
  | 'assessors:save-conflict'
  | 'assessors:save-cpd'
  | 'assessors:remove-cpd';

export const assessorsHandlers: HandlerMap<Channels> = {
  'assessors:list': (ctx) => listAssessors(ctx),
  'assessors:register': (ctx) => registerRows(ctx),
  'assessors:get': (ctx, input) => assessorProfile(ctx, input.assessorId),
  'assessors:save': (ctx, input) => saveAssessor(ctx, input),
  'assessors:set-status': (ctx, input) => setAssessorStatus(ctx, input),
  'assessors:set-approvals': (ctx, input) => setApprovals(ctx, input),
  'assessors:save-conflict': (ctx, input) => saveConflict(ctx, input),
  'assessors:save-cpd': (ctx, input) => saveCpd(ctx, input),
  'assessors:remove-cpd': (ctx, input) => removeCpd(ctx, input.cpdId),
};
