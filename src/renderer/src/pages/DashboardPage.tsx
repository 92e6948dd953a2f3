import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Page } from '../components/Page';
import { ConsistencyTab } from '../dashboard/ConsistencyTab';
import { FilterBar } from '../dashboard/FilterBar';
import { OverviewTab } from '../dashboard/OverviewTab';
import { TABS, useDashboardState, type Tab } from '../dashboard/state';
import { downloadBase64 } from '../appeals/util';
import { emit } from '../e2e';
import { hrefFor } from '../routes';
import { Attention } from '../moderation/Attention';
import '../dashboard/dashboard.css';

/**
 * Two tabs over one set of filters: Overview (the state of IQA now and in the period) and
 * Assessor consistency (are assessors grading alike). The filters and tab live in the hash.
 */
export function DashboardPage(): ReactNode {
  const [state, setState] = useDashboardState();
  const options = useApi('analytics:filter-options', {});
  const [empty, setEmpty] = useState(false);
  const [packError, setPackError] = useState<string | null>(null);
  const [packing, setPacking] = useState(false);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    overview: null,
    consistency: null,
  });

  const [loaded, setLoaded] = useState<{ failed: boolean; tab: Tab; n: number } | null>(null);
  const onLoaded = useCallback(
    (settled: boolean, failed: boolean, isEmpty: boolean) => {
      if (!settled) return;
      setEmpty(isEmpty);
      setLoaded((prev) => ({ failed, tab: state.tab, n: (prev?.n ?? 0) + 1 }));
    },
    [state.tab],
  );
  // Announced after the answer is on screen (empty state included), for tests and the
  // time-to-interactive mark.
  useEffect(() => {
    if (!loaded) return;
    if (loaded.failed) emit('page-error:dashboard');
    emit('page-loaded:dashboard');
    performance.mark(`dashboard-loaded:${loaded.tab}`);
  }, [loaded]);

  useEffect(() => {
    if (options.error) emit('page-error:dashboard');
  }, [options.error]);

  const selectTab = (tab: Tab): void => setState({ ...state, tab });
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === state.tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    selectTab(next.id);
    tabRefs.current[next.id]?.focus();
  };

  const evidencePack = async (): Promise<void> => {
    setPackError(null);
    setPacking(true);
    try {
      const file = await call('analytics:evidence-pack', state.filter);
      downloadBase64(file.fileName, file.base64, 'application/pdf');
      emit('evidence-pack-downloaded');
    } catch (e) {
      setPackError(messageOf(e));
    } finally {
      setPacking(false);
    }
  };

  return (
    <Page
      id="dashboard"
      title="Dashboard"
      intro="Where IQA stands, and whether assessors are grading alike. Every figure opens the list behind it."
      actions={
        empty ? null : (
          <button
            type="button"
            className="button"
            onClick={() => void evidencePack()}
            disabled={packing}
          >
            {packing ? 'Preparing the evidence pack…' : 'Evidence pack (PDF)'}
          </button>
        )
      }
    >
      {packError ? <Alert message={packError} /> : null}
      {options.error ? <Alert message={options.error.message} onRetry={options.reload} /> : null}
      {empty ? (
        <EmptyState title="No decisions yet — import decisions or load demo data">
          <p>The dashboard fills in once assessors&apos; grading decisions are in the database.</p>
          <p>
            <a href={hrefFor('imports')}>Go to Imports</a> ·{' '}
            <a href={hrefFor('settings')}>Load demo data in Settings</a>
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Dashboard views">
            {TABS.map((t) => (
              <button
                key={t.id}
                ref={(el) => {
                  tabRefs.current[t.id] = el;
                }}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={state.tab === t.id}
                aria-controls={`panel-${t.id}`}
                tabIndex={state.tab === t.id ? 0 : -1}
                className={state.tab === t.id ? 'tab current' : 'tab'}
                data-testid={`dashboard-tab-${t.id}`}
                onClick={() => selectTab(t.id)}
                onKeyDown={onTabKey}
              >
                {t.title}
              </button>
            ))}
          </div>
          <FilterBar
            filter={state.filter}
            options={options.data}
            onChange={(filter) => setState({ ...state, filter })}
          />
        </>
      )}
      <div
        role="tabpanel"
        id={`panel-${state.tab}`}
        aria-labelledby={`tab-${state.tab}`}
        hidden={empty && state.tab !== 'overview'}
      >
        {state.tab === 'overview' ? (
          <>
            {empty ? null : <Attention />}
            <OverviewTab filter={state.filter} onLoaded={onLoaded} />
          </>
        ) : (
          <ConsistencyTab filter={state.filter} onLoaded={onLoaded} />
        )}
      </div>
    </Page>
  );
}
