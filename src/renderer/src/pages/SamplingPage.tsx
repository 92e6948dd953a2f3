import { useEffect, useState, type ReactNode } from 'react';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { formatMonth, formatNumber, formatPercent, sumCounts } from '../format';
import { hrefFor } from '../routes';
import { useLabels } from '../status';

interface HeldCounts {
  key: string;
  held: Record<string, number> | null;
  error: string | null;
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * The overview counts decisions per month whatever their status; the held count of each month
 * comes from the decisions list's total (one row fetched per month).
 */
function useHeldByMonth(months: string[]): HeldCounts | null {
  const key = months.join(',');
  const [result, setResult] = useState<HeldCounts | null>(null);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const list = key.split(',');
    Promise.all(
      list.map((month) =>
        call('decisions:list', {
          filter: { status: 'held', from: `${month}-01`, to: lastDayOfMonth(month) },
          limit: 1,
        }).then((r) => [month, r.total] as const),
      ),
    ).then(
      (pairs) => {
        if (live) setResult({ key, held: Object.fromEntries(pairs), error: null });
      },
      (error: unknown) => {
        if (live) setResult({ key, held: null, error: messageOf(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (!key) return { key, held: {}, error: null };
  return result?.key === key ? result : null;
}

export function SamplingPage(): ReactNode {
  const labels = useLabels();
  const overview = useApi('dashboard:get-overview', {});
  const months = overview.data?.decisionsByMonth ?? [];
  const held = useHeldByMonth(months.map((m) => m.month));
  const settled = !overview.loading && (overview.error !== null || held !== null);
  usePageLoaded('sampling', settled, overview.error !== null || Boolean(held?.error));

  const o = overview.data;
  const totalHeld = o?.decisionsByStatus.held ?? 0;
  const totalDecisions = o ? sumCounts(o.decisionsByStatus) : 0;

  return (
    <Page id="sampling" title="Sampling" busy={!settled}>
      <EmptyState title="No sampling plans yet" testId="sampling-explainer">
        <p>
          A sampling plan chooses which held decisions IQA moderates before any {labels.epaShort}{' '}
          grade is confirmed: at least 5% of each {labels.assessor}&apos;s decisions, and more where
          the risk is higher, for example a new {labels.assessor} or decisions with compliance
          flags. Building and publishing sampling plans comes next.
        </p>
      </EmptyState>
      {overview.error ? <Alert message={overview.error.message} onRetry={overview.reload} /> : null}
      {!o && overview.loading ? <Loading /> : null}
      {o && totalDecisions === 0 ? (
        <p className="muted">
          There are no decisions to sample yet. <a href={hrefFor('imports')}>Imports</a> ·{' '}
          <a href={hrefFor('settings')}>Load demo data in Settings</a>
        </p>
      ) : null}
      {o && totalDecisions > 0 ? (
        <section className="panel" aria-labelledby="held-by-month">
          <h2 id="held-by-month">Held decisions per month</h2>
          <p className="panel-note">
            {formatNumber(totalHeld)} of {formatNumber(totalDecisions)} decisions are held, waiting
            to be sampled or released. Months are those of the assessment, over the 12 months to the
            latest decision.
          </p>
          {held?.error ? <Alert message={held.error} /> : null}
          {held === null ? <Loading /> : null}
          {held?.held ? (
            <table className="table compact narrow" data-testid="held-by-month-table">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col" className="num">
                    Held
                  </th>
                  <th scope="col" className="num">
                    Share held
                  </th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => {
                  const n = held.held?.[m.month] ?? 0;
                  return (
                    <tr key={m.month}>
                      <td>{formatMonth(m.month)}</td>
                      <td className="num">{formatNumber(m.count)}</td>
                      <td className="num">{formatNumber(n)}</td>
                      <td className="num">{m.count ? formatPercent(n / m.count) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
