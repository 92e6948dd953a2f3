import { englandAndWales } from '@shared/calendar';
import type { HandlerMap } from '../api/types';
import { confirmEpa, listEpas } from './service';

export const epasHandlers: HandlerMap<'epas:list' | 'epas:confirm' | 'epas:calendar'> = {
  'epas:list': (ctx, input) => listEpas(ctx, input),
  'epas:confirm': (ctx, input) => confirmEpa(ctx, input.epaId),
  'epas:calendar': () => englandAndWales.coverage(),
};
