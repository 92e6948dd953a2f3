import { useEffect, useRef, useState, type ReactNode } from 'react';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { emit } from '../e2e';
import { formatTimestamp } from '../format';
import { useAppStatus } from '../status';

/**
 * Unread escalations, for the IQA lead only: which assessor's sample was raised after a disagreement,
 * by how much, with a link to the decisions it added. Shown on the queue and the dashboard.
 */
export function Escalations(props: { show?: number }): ReactNode {
  return <Notices kind="escalation" title="Escalations" testId="escalations" show={props.show} />;
}

/**
 * Unread notices from imports, for the IQA lead only: decisions a re-import sent back to IQA,
 * and released decisions an import flagged, with a link to them. Shown on the dashboard and the
 * Imports page.
 */
export function ImportNotices(props: { show?: number }): ReactNode {
  return <Notices kind="import" title="From imports" testId="import-notices" show={props.show} />;
}

function Notices(props: {
  kind: 'escalation' | 'import';
  title: string;
  testId: string;
  show?: number | undefined;
}): ReactNode {
  // For the IQA lead: a moderator marking one read would hide it from the person it is for.
  const lead = useAppStatus().status.user?.role === 'iqa_lead';
  const list = useApi('notifications:list', {});
  const [error, setError] = useState<string | null>(null);
  const unread = (list.data ?? []).filter((n) => !n.read && n.kind === props.kind);
  const titleId = `${props.testId}-title`;
  // The button pressed goes with the notice it marked: the keyboard goes on from this list's
  // heading, or from the page's once the list is gone.
  const heading = useRef<HTMLHeadingElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    (heading.current ?? document.querySelector<HTMLElement>('h1'))?.focus();
  }, [list.data]);
  if (!lead || unread.length === 0) return null;
  const first = props.show ?? 2;
  const item = (n: (typeof unread)[number]): ReactNode => (
    <li key={n.id}>
      <span className="escalation-message">{n.message}</span>{' '}
      <span className="muted small">{formatTimestamp(n.createdAt)}</span>{' '}
      {n.link ? <a href={n.link}>Show the decisions</a> : null}{' '}
      <button type="button" className="link-button" onClick={() => void markRead([n.id])}>
        Mark as read
      </button>
    </li>
  );
  const markRead = async (ids: number[]): Promise<void> => {
    setError(null);
    try {
      await call('notifications:mark-read', { ids });
      refocus.current = true;
      list.reload();
      emit('notifications-read');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="escalations" aria-labelledby={titleId} data-testid={props.testId}>
      <div className="escalations-head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {props.title} <span className="count-badge">{unread.length}</span>
        </h2>
        <button
          type="button"
          className="link-button"
          onClick={() => void markRead(unread.map((n) => n.id))}
        >
          Mark all as read
        </button>
      </div>
      <ul>{unread.slice(0, first).map(item)}</ul>
      {unread.length > first ? (
        <details>
          <summary>{unread.length - first} more</summary>
          <ul>{unread.slice(first, 200).map(item)}</ul>
        </details>
      ) : null}
      {error ? <p className="form-error-inline">{error}</p> : null}
    </section>
  );
}
