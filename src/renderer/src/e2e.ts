/**
 * A tiny event recorder for end-to-end tests: screens announce milestones (`page-loaded:<page>`)
 * so Playwright can wait for them instead of sleeping. It costs nothing when no test listens.
 */
export interface E2eRecorder {
  events: string[];
  emit(name: string): void;
  waitFor(name: string): Promise<void>;
  /** Forgets past events, so a test can wait for the next load of a page it has seen before. */
  clear(): void;
}

declare global {
  interface Window {
    __e2e?: E2eRecorder;
  }
}

// Enough for any test run; stops a long desktop session from growing the list for ever.
const MAX_EVENTS = 1000;

export function createRecorder(): E2eRecorder {
  const waiters = new Map<string, (() => void)[]>();
  const recorder: E2eRecorder = {
    events: [],
    emit(name) {
      recorder.events.push(name);
      if (recorder.events.length > MAX_EVENTS) recorder.events.splice(0, MAX_EVENTS / 2);
      const pending = waiters.get(name);
      if (pending) {
        waiters.delete(name);
        for (const resolve of pending) resolve();
      }
    },
    waitFor(name) {
      if (recorder.events.includes(name)) return Promise.resolve();
      return new Promise((resolve) => {
        waiters.set(name, [...(waiters.get(name) ?? []), resolve]);
      });
    },
    clear() {
      recorder.events.length = 0;
    },
  };
  return recorder;
}

export function installE2e(target: Window = window): E2eRecorder {
  target.__e2e ??= createRecorder();
  return target.__e2e;
}

export function emit(name: string): void {
  if (typeof window !== 'undefined') window.__e2e?.emit?.(name);
}
