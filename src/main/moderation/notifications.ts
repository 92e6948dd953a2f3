import type { AppContext } from '../core/context';

/** A notice for the IQA lead: an escalation, or what an import sent back or flagged. */
export function notify(
  ctx: AppContext,
  kind: 'escalation' | 'import',
  message: string,
  link: string | null,
): void {
  ctx.sqlite
    .prepare('INSERT INTO notifications (kind, message, link) VALUES (?, ?, ?)')
    .run(kind, message, link);
}

export function listNotifications(ctx: AppContext): {
  id: number;
  kind: string;
  message: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}[] {
  return (
    ctx.sqlite
      .prepare(
        'SELECT id, kind, message, link, created_at AS createdAt, read_at IS NOT NULL AS read FROM notifications ORDER BY id DESC LIMIT 200',
      )
      .all() as {
      id: number;
      kind: string;
      message: string;
      link: string | null;
      createdAt: string;
      read: number;
    }[]
  ).map((n) => ({ ...n, read: n.read === 1 }));
}

export function markNotificationsRead(ctx: AppContext, ids: number[]): number {
  const update = ctx.sqlite.prepare(
    'UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL',
  );
  const at = ctx.clock().toISOString();
  return ctx.sqlite
    .transaction(() => ids.reduce((n, id) => n + update.run(at, id).changes, 0))
    .immediate();
}
