import type { ReactNode } from 'react';

/** What a screen shows before there is anything to show: what will appear, and how to get it. */
export function EmptyState(props: {
  title: string;
  children?: ReactNode;
  testId?: string;
}): ReactNode {
  return (
    <section className="empty" data-testid={props.testId ?? 'empty-state'}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}
