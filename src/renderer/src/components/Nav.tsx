import type { ReactNode } from 'react';
import { hrefFor, PAGES, pageTitle, type PageId } from '../routes';
import { useLabels } from '../status';

export function shortcutFor(index: number): string {
  return `Alt+${index + 1}`;
}

export function Nav(props: { current: PageId }): ReactNode {
  const labels = useLabels();
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">{labels.appName}</div>
      <ul>
        {PAGES.map((page, index) => {
          const title = pageTitle(page.id, labels);
          const current = props.current === page.id;
          return (
            <li key={page.id}>
              <a
                href={hrefFor(page.id)}
                data-testid={`nav-${page.id}`}
                aria-current={current ? 'page' : undefined}
                aria-keyshortcuts={shortcutFor(index)}
                title={`${title} (${shortcutFor(index)})`}
                className={current ? 'current' : undefined}
              >
                {title}
              </a>
            </li>
          );
        })}
      </ul>
      <p className="nav-hint">
        <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>{PAGES.length}</kbd> jump to a page
      </p>
    </nav>
  );
}
