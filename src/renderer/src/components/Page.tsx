import { useEffect, type ReactNode } from 'react';
import { emit } from '../e2e';

/** A page root: the test id the e2e tests look for and the page's one h1. */
export function Page(props: {
  id: string;
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  busy?: boolean;
}): ReactNode {
  return (
    <div
      className="page"
      data-testid={`page-${props.id}`}
      aria-busy={props.busy ? true : undefined}
    >
      <header className="page-header">
        <div>
          {/* Focusable so the shell can move focus here when the page changes. */}
          <h1 tabIndex={-1}>{props.title}</h1>
          {props.intro ? <p className="intro">{props.intro}</p> : null}
        </div>
        {props.actions ? <div className="page-actions">{props.actions}</div> : null}
      </header>
      {props.children}
    </div>
  );
}

/**
 * Announces `page-loaded:<id>` each time the page's data settles (answer or error), so e2e tests
 * wait on an event rather than a sleep. Errors also announce `page-error:<id>`.
 */
export function usePageLoaded(id: string, settled: boolean, failed = false): void {
  useEffect(() => {
    if (!settled) return;
    if (failed) emit(`page-error:${id}`);
    emit(`page-loaded:${id}`);
  }, [id, settled, failed]);
}
