import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal dialog for confirmations and short forms, in the page rather than the browser's own
 * (which screenshots and screen magnifiers miss): Escape or Cancel closes it, focus starts on
 * its first field or button (Cancel, for a destructive one with no fields) and returns where it
 * was, and Tab stays inside.
 */
export function Dialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
  confirmDisabled?: boolean;
  testId?: string;
}): ReactNode {
  const ref = useRef<HTMLFormElement>(null);
  const titleId = useId();
  // Read once, when the dialog opens: where focus starts does not move while it is open.
  const startOnCancel = useRef(props.danger === true);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const form = ref.current;
    // A field if there is one; otherwise the confirm button, except for something destructive,
    // where Enter must not do it at once: then Cancel.
    const first =
      form?.querySelector<HTMLElement>('input, textarea, select') ??
      form?.querySelector<HTMLElement>(
        startOnCancel.current ? 'button[data-cancel]' : 'button:not([data-cancel])',
      );
    first?.focus();
    return () => before?.focus?.();
  }, []);
  const onKey = (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onCancel();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [
      ...ref.current.querySelectorAll<HTMLElement>('input, textarea, select, button, a[href]'),
    ].filter((el) => !el.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // React bubbles events along the component tree, portals included: a dialog opened from
    // inside another form must not submit that form too.
    event.stopPropagation();
    if (!props.busy && !props.confirmDisabled) props.onConfirm();
  };
  return (
    <div className="dialog-backdrop">
      <form
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKey}
        onSubmit={submit}
        data-testid={props.testId ?? 'dialog'}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-buttons">
          <button
            type="submit"
            className={`button${props.danger ? ' danger' : ''}`}
            disabled={props.busy || props.confirmDisabled}
          >
            {props.busy ? 'Working…' : props.confirmLabel}
          </button>
          <button type="button" className="button secondary" data-cancel onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
}

/**
 * Asks before something destructive with the page's own Dialog instead of `window.confirm`, which
 * blocks the renderer, cannot be styled or read by Escape/Tab rules above, and is missed by
 * screenshots. `ask` resolves true on confirm and false on Cancel or Escape; render `dialog`.
 */
export function useConfirm(): {
  ask: (request: ConfirmRequest) => Promise<boolean>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<{
    request: ConfirmRequest;
    resolve: (yes: boolean) => void;
  } | null>(null);
  const ask = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) => setPending({ request, resolve })),
    [],
  );
  const settle = (yes: boolean): void => {
    pending?.resolve(yes);
    setPending(null);
  };
  // A portal, so the dialog's own form is never nested inside the caller's form.
  const dialog = pending
    ? createPortal(
        <Dialog
          title={pending.request.title}
          confirmLabel={pending.request.confirmLabel}
          danger={pending.request.danger ?? true}
          onConfirm={() => settle(true)}
          onCancel={() => settle(false)}
          testId="confirm-dialog"
        >
          <p>{pending.request.message}</p>
        </Dialog>,
        document.body,
      )
    : null;
  return { ask, dialog };
}
