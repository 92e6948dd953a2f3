import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  /** Shown after the label, e.g. a count that needs attention. */
  badge?: string;
}

/**
 * Tabs as the WAI-ARIA pattern has them: a tablist, arrow keys (and Home/End) move between tabs,
 * the selected tab alone is in the tab order, and its panel is labelled by it.
 */
export function Tabs<T extends string>(props: {
  label: string;
  tabs: TabSpec<T>[];
  selected: T;
  onSelect: (id: T) => void;
  idPrefix: string;
}): ReactNode {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  function onKey(event: KeyboardEvent<HTMLDivElement>): void {
    const index = props.tabs.findIndex((t) => t.id === props.selected);
    const last = props.tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const tab = props.tabs[next];
    if (!tab) return;
    props.onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label={props.label} onKeyDown={onKey}>
      {props.tabs.map((t) => {
        const selected = t.id === props.selected;
        return (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
            }}
            type="button"
            role="tab"
            id={`${props.idPrefix}-tab-${t.id}`}
            aria-selected={selected}
            aria-controls={`${props.idPrefix}-panel-${t.id}`}
            tabIndex={selected ? 0 : -1}
            className={`tab${selected ? ' selected' : ''}`}
            data-testid={`tab-${t.id}`}
            onClick={() => props.onSelect(t.id)}
          >
            {t.label}
            {t.badge ? <span className="tab-badge">{t.badge}</span> : null}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel(props: { idPrefix: string; id: string; children: ReactNode }): ReactNode {
  return (
    <div
      role="tabpanel"
      id={`${props.idPrefix}-panel-${props.id}`}
      aria-labelledby={`${props.idPrefix}-tab-${props.id}`}
      className="tab-panel"
    >
      {props.children}
    </div>
  );
}
