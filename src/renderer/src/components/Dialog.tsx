import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * A modal dialog for confirmations and short forms, in the page rather than the browser's own
 * (which screenshots and screen magnifiers miss): Escape or Cancel closes it, focus starts on
 * its first field or button and returns where it was, and Tab stays inside.
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
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>(
      'input, textarea, select, button:not([data-cancel])',
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
