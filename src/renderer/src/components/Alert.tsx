import type { ReactNode } from 'react';

/** Errors are read out at once (role="alert") and stay visible until the next attempt. */
export function Alert(props: { message: string; onRetry?: () => void; title?: string }): ReactNode {
  return (
    <div role="alert" className="alert">
      <p>
        {props.title ? <strong>{props.title} </strong> : null}
        {props.message}
      </p>
      {props.onRetry ? (
        <button type="button" className="button secondary" onClick={props.onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
