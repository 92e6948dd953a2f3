import type { ReactNode } from 'react';
import type { ImportBatchDto } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { formatNumber, formatTimestamp, humanise } from '../format';
import { hrefFor } from '../routes';

function BatchesTable(props: { batches: ImportBatchDto[] }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="imports-table">
        <caption className="visually-hidden">Import batches, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Kind</th>
            <th scope="col">File</th>
            <th scope="col">By</th>
            <th scope="col" className="num">
              New
            </th>
            <th scope="col" className="num">
              Changed
            </th>
            <th scope="col" className="num">
              Unchanged
            </th>
            <th scope="col" className="num">
              Rejected
            </th>
            <th scope="col" className="num">
              Flags
            </th>
          </tr>
        </thead>
        <tbody>
          {props.batches.map((b) => (
            <tr key={b.id}>
              <td className="nowrap">{formatTimestamp(b.importedAt)}</td>
              <td>{humanise(b.kind)}</td>
              <td className="break" title={`SHA-256 ${b.fileHash}`}>
                {b.fileName}
              </td>
              <td>{b.importedBy}</td>
              <td className="num">{formatNumber(b.rowsNew)}</td>
              <td className="num">{formatNumber(b.rowsChanged)}</td>
              <td className="num">{formatNumber(b.rowsUnchanged)}</td>
              <td className={`num${b.rowsRejected > 0 ? ' warn-text' : ''}`}>
                {formatNumber(b.rowsRejected)}
              </td>
              <td className="num">{formatNumber(b.flags)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportsPage(): ReactNode {
  const batches = useApi('imports:list-batches', {});
  usePageLoaded('imports', !batches.loading, batches.error !== null);
  const list = batches.data;
  return (
    <Page
      id="imports"
      title="Imports"
      busy={batches.loading}
      intro="Each import of decisions is kept as a batch, so you can see what changed and who brought it in."
    >
      {batches.error ? <Alert message={batches.error.message} onRetry={batches.reload} /> : null}
      {!list && batches.loading ? <Loading /> : null}
      {list && list.length === 0 ? (
        <EmptyState title="No imports yet">
          <p>
            Importing assessors&apos; decisions from CSV and Excel files is coming. Meanwhile you
            can <a href={hrefFor('settings')}>load demo data from Settings</a>.
          </p>
        </EmptyState>
      ) : null}
      {list && list.length > 0 ? (
        <>
          <p className="table-summary">
            {formatNumber(list.length)} batch{list.length === 1 ? '' : 'es'}.
          </p>
          <BatchesTable batches={list} />
        </>
      ) : null}
    </Page>
  );
}
