import { useState, type ReactNode } from 'react';
import type { ImportBatchDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { downloadBase64 } from '../appeals/util';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { formatNumber, formatTimestamp, humanise } from '../format';
import { ImportWizard } from '../imports/ImportWizard';
import { ImportNotices } from '../moderation/Escalations';
import '../moderation/moderation.css';
import { SavedMappings } from '../imports/SavedMappings';
import { useAppStatus } from '../status';
import '../imports/imports.css';

function BatchesTable(props: {
  batches: ImportBatchDto[];
  onReport: (id: number) => void;
}): ReactNode {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="imports-table">
        <caption className="visually-hidden">Import batches, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
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
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {props.batches.map((b) => (
            <tr key={b.id}>
              <td className="num">{b.id}</td>
              <td className="nowrap">{formatTimestamp(b.importedAt)}</td>
              <td>{humanise(b.kind)}</td>
              <td className="break" title={`SHA-256 ${b.fileHash}`}>
                {b.fileName}
                {b.mappingName ? (
                  <div className="muted small">mapping “{b.mappingName}”</div>
                ) : null}
                <div className="muted small mono">SHA-256 {b.fileHash.slice(0, 12)}…</div>
              </td>
              <td>{b.importedBy}</td>
              <td className="num">{formatNumber(b.rowsNew)}</td>
              <td className="num">{formatNumber(b.rowsChanged)}</td>
              <td className="num">{formatNumber(b.rowsUnchanged)}</td>
              <td className={`num${b.rowsRejected > 0 ? ' warn-text' : ''}`}>
                {formatNumber(b.rowsRejected)}
              </td>
              <td className="num">{formatNumber(b.flags)}</td>
              <td>
                {b.problems > 0 ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => props.onReport(b.id)}
                    aria-label={`Download the problem report of batch ${b.id}, ${b.fileName} (${reportCount(b)}, CSV)`}
                  >
                    {reportCount(b)} (CSV)
                  </button>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Errors reject rows, so a batch without rejected rows has only warnings (flags kept). */
function reportCount(b: ImportBatchDto): string {
  const what = b.rowsRejected === 0 ? 'warning' : 'problem';
  return `${formatNumber(b.problems)} ${what}${b.problems === 1 ? '' : 's'}`;
}

export function ImportsPage(): ReactNode {
  const batches = useApi('imports:list-batches', {});
  const mappings = useApi('imports:list-mappings', {});
  const canEdit = useAppStatus().status.user?.role !== 'read_only';
  const [error, setError] = useState<string | null>(null);
  usePageLoaded('imports', !batches.loading, batches.error !== null);
  const list = batches.data;

  async function report(batchId: number): Promise<void> {
    try {
      const file = await call('imports:report-csv', { batchId });
      downloadBase64(file.fileName, file.base64, 'text/csv');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <Page
      id="imports"
      title="Imports"
      busy={batches.loading}
      intro="Bring in assessors' decisions, moderation history, assessors and standardisation records from CSV or Excel. You see what will change before anything is written."
    >
      {canEdit ? (
        <ImportWizard onImported={batches.reload} onMappingSaved={mappings.reload} />
      ) : (
        // Said before a file is chosen, not after it has been sent.
        <section className="panel" aria-labelledby="import-title" data-testid="import-read-only">
          <h2 id="import-title">Import a file</h2>
          <p>
            You have read-only access: you can look through the imports made below and download
            their reports. Importing a file needs an IQA lead or a moderator.
          </p>
        </section>
      )}
      {/* Read again after each import: an import may have sent decisions back to IQA. */}
      <ImportNotices key={list?.[0]?.id ?? 0} show={3} />
      <section aria-labelledby="batches-title">
        <h2 id="batches-title">Import history</h2>
        {batches.error ? <Alert message={batches.error.message} onRetry={batches.reload} /> : null}
        {error ? <Alert message={error} /> : null}
        {!list && batches.loading ? <Loading /> : null}
        {list && list.length === 0 ? (
          <EmptyState title="No imports yet">
            <p>
              Each import is kept here as a batch: the file, who imported it and when, and what it
              changed. Start with the assessors, then their decisions.
            </p>
          </EmptyState>
        ) : null}
        {list && list.length > 0 ? (
          <>
            <p className="table-summary">
              {formatNumber(list.length)} batch{list.length === 1 ? '' : 'es'}, newest first.
            </p>
            <BatchesTable batches={list} onReport={(id) => void report(id)} />
          </>
        ) : null}
      </section>
      <SavedMappings mappings={mappings} canEdit={canEdit} />
    </Page>
  );
}
