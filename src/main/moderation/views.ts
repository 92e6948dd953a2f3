/** Saved queue views, per signed-in user, kept in settings. */
import type { SavedViewDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { readSetting, writeSetting } from '../app/status';
import { currentUser } from '../users/service';

function key(ctx: AppContext): string {
  const user = currentUser(ctx);
  if (!user) throw new DomainError('forbidden', 'Sign in to use saved views.');
  return `moderation.views.${user.id}`;
}

export function listViews(ctx: AppContext): SavedViewDto[] {
  return readSetting<SavedViewDto[]>(ctx, key(ctx)) ?? [];
}

export function saveView(ctx: AppContext, view: SavedViewDto): SavedViewDto[] {
  const views = listViews(ctx).filter((v) => v.name !== view.name);
  const next = [...views, view].sort((a, b) => a.name.localeCompare(b.name));
  writeSetting(ctx, key(ctx), next);
  return next;
}

export function deleteView(ctx: AppContext, name: string): SavedViewDto[] {
  const next = listViews(ctx).filter((v) => v.name !== name);
  writeSetting(ctx, key(ctx), next);
  return next;
}
