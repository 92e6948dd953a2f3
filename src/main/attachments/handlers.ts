import type { HandlerMap } from '../api/types';
import { addAttachment, listAttachments, readAttachment, removeAttachment } from './service';

type Channels = 'attachments:list' | 'attachments:add' | 'attachments:file' | 'attachments:remove';

export const attachmentsHandlers: HandlerMap<Channels> = {
  'attachments:list': (ctx, input) => listAttachments(ctx, input.ownerType, [input.ownerId]),
  'attachments:add': (ctx, input) => addAttachment(ctx, input),
  'attachments:file': (ctx, input) => readAttachment(ctx, input.attachmentId),
  'attachments:remove': (ctx, input) => removeAttachment(ctx, input.attachmentId),
};
