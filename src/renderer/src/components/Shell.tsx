import { useEffect, useRef, type ReactNode } from 'react';
import { navigate, PAGES, useRoute, type PageId } from '../routes';
import { AppealsPage } from '../pages/AppealsPage';
import { AssessorsPage } from '../pages/AssessorsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { ImportsPage } from '../pages/ImportsPage';
import { ModerationPage } from '../pages/ModerationPage';
import { SamplingPage } from '../pages/SamplingPage';
import { SettingsPage } from '../pages/SettingsPage';
import { ErrorBoundary } from './ErrorBoundary';
import { Nav } from './Nav';
import { StatusBar } from './StatusBar';

const SCREENS: Record<PageId, () => ReactNode> = {
  dashboard: DashboardPage,
  moderation: ModerationPage,
  sampling: SamplingPage,
  assessors: AssessorsPage,
  appeals: AppealsPage,
  imports: ImportsPage,
  settings: SettingsPage,
};

/** Alt+1…Alt+7 jump to pages. `code` is used because Alt+digit types other symbols on a Mac. */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const match = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
      const page = match ? PAGES[Number(match[1]) - 1] : undefined;
      if (!page) return;
      event.preventDefault();
      navigate(page.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function focusMain(): void {
  document.querySelector<HTMLElement>('main h1')?.focus();
}

export function Shell(): ReactNode {
  const route = useRoute();
  const first = useRef(true);
  useShortcuts();

  // After a page change, put keyboard and screen-reader users at the new page's heading.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    focusMain();
  }, [route]);

  const Screen = SCREENS[route];
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={focusMain}>
        Skip to content
      </button>
      <Nav current={route} />
      <main className="main" id="main">
        <ErrorBoundary resetKey={route}>
          <Screen key={route} />
        </ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  );
}
