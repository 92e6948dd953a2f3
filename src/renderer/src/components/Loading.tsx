import type { ReactNode } from 'react';

export function Loading(props: { label?: string }): ReactNode {
  return (
    <p className="loading" role="status">
      {props.label ?? 'Loading…'}
    </p>
  );
}
