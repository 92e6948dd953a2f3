import type { HandlerMap } from '../api/types';
import { requireEditor } from '../users/service';
import { feedbackPdf } from './feedback-pdf';
import { listNotifications, markNotificationsRead } from './notifications';
import { assignItems, assignMatching, listQueue } from './queue';
import { acknowledgeAction, closeAction, listActions } from './actions';
import { moderationContext } from './records';
import { saveModeration } from './save';
import { deleteView, listViews, saveView } from './views';

type Channels =
  | 'moderation:list-queue'
  | 'moderation:assign'
  | 'moderation:assign-matching'
  | 'moderation:get-decision'
  | 'moderation:save-record'
  | 'moderation:feedback-pdf'
  | 'moderation:list-actions'
  | 'moderation:acknowledge-action'
  | 'moderation:close-action'
  | 'moderation:list-views'
  | 'moderation:save-view'
  | 'moderation:delete-view'
  | 'moderation:list-moderators'
  | 'notifications:list'
  | 'notifications:mark-read';

export const moderationHandlers: HandlerMap<Channels> = {
  'moderation:list-queue': (ctx, input) => listQueue(ctx, input),
  'moderation:assign': (ctx, input) => (
    requireEditor(ctx),
    { assigned: assignItems(ctx, input.itemIds, input.moderatorId) }
  ),
  'moderation:assign-matching': (ctx, input) => (
    requireEditor(ctx),
    { assigned: assignMatching(ctx, input.filter, input.moderatorId, input.max) }
  ),
  'moderation:get-decision': (ctx, input) => moderationContext(ctx, input.decisionId),
  'moderation:save-record': (ctx, input) => saveModeration(ctx, input),
  'moderation:feedback-pdf': (ctx, input) => feedbackPdf(ctx, input.recordId),
  'moderation:list-actions': (ctx, input) => listActions(ctx, input),
  'moderation:acknowledge-action': (ctx, input) => acknowledgeAction(ctx, input),
  'moderation:close-action': (ctx, input) => closeAction(ctx, input),
  'moderation:list-views': (ctx) => listViews(ctx),
  'moderation:save-view': (ctx, input) => saveView(ctx, input),
  'moderation:delete-view': (ctx, input) => deleteView(ctx, input.name),
  'moderation:list-moderators': (ctx) =>
    ctx.sqlite
      .prepare(
        "SELECT id, name, role FROM users WHERE active = 1 AND role IN ('iqa_lead', 'moderator') ORDER BY name",
      )
      .all() as { id: number; name: string; role: string }[],
  'notifications:list': (ctx) => listNotifications(ctx),
  'notifications:mark-read': (ctx, input) => ({ updated: markNotificationsRead(ctx, input.ids) }),
};
