import type { HandlerMap } from '../api/types';
import { loadDemoData } from '../demo/generate';
import { createUser, listUsers, requireEditor, signIn, signOut } from '../users/service';
import { completeOnboarding, getStatus } from './status';

type AppChannels =
  | 'app:get-status'
  | 'app:complete-onboarding'
  | 'users:list'
  | 'users:create'
  | 'session:sign-in'
  | 'session:sign-out'
  | 'demo:load';

export const appHandlers: HandlerMap<AppChannels> = {
  'app:get-status': (ctx) => getStatus(ctx),
  'app:complete-onboarding': (ctx) => (requireEditor(ctx), completeOnboarding(ctx), { done: true }),
  'users:list': (ctx) => listUsers(ctx),
  'users:create': (ctx, input) => createUser(ctx, input),
  'session:sign-in': (ctx, input) => signIn(ctx, input.userId),
  'session:sign-out': (ctx) => (signOut(ctx), { signedOut: true }),
  'demo:load': (ctx, input) => {
    requireEditor(ctx);
    return loadDemoData(ctx, { epas: input.epas, seed: input.seed });
  },
};
