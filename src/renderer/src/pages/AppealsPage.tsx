import { useEffect, useState, type ReactNode } from 'react';
import { STATUS_LABELS } from '@shared/appeals';
import type { AppealDetailDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { emit } from '../e2e';
import { hashParams } from '../links';
import { formatDate } from '../format';
import { useAppStatus, useLabels } from '../status';
import { AppealDetail } from '../appeals/AppealDetail';
import { LogAppealForm } from '../appeals/LogAppealForm';
import { PolicyPanel } from '../appeals/PolicyPanel';
import { DeadlinePill, downloadBase64 } from '../appeals/util';
import '../appeals/appeals.css';

export function AppealsPage(): ReactNode {
  const labels = useLabels();
  const { status } = useAppStatus();
  // Dashboard drill-downs arrive as #/appeals?open=1 and #/appeals?open=1&overdue=1.
  const linked = hashParams();
  const [openOnly, setOpenOnly] = useState(linked.get('open') !== '0');
  const [overdueOnly, setOverdueOnly] = useState(linked.get('overdue') === '1');
  const list = useApi('appeals:list', { openOnly }, [openOnly]);
  const policy = useApi('appeals:get-policy', {});
  const [logging, setLogging] = useState(false);
  const [detail, setDetail] = useState<AppealDetailDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  usePageLoaded('appeals', list.data !== undefined || list.error !== null, list.error !== null);

  useEffect(() => {
    if (detail) emit(`appeal-detail:${detail.status}`);
  }, [detail]);

  async function open(id: number): Promise<void> {
    setError(null);
    try {
      setDetail(await call('appeals:get', { appealId: id }));
      setLogging(false);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function exportRegister(format: 'csv' | 'pdf'): Promise<void> {
    setError(null);
    try {
      const file = await call('appeals:export', { year, format });
      downloadBase64(file.fileName, file.base64, format === 'csv' ? 'text/csv' : 'application/pdf');
      emit(`appeals-exported:${format}`);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const coverage = list.data?.coverage;
  const groundLabels = new Map((policy.data?.policy.grounds ?? []).map((g) => [g.code, g.label]));
  const rows = (list.data?.rows ?? []).filter(
    (r) => !overdueOnly || r.deadline?.urgency === 'overdue',
  );
  const thisYear = new Date().getFullYear();

  return (
    <Page
      id="appeals"
      title="Appeals"
      intro={
        <>
          Enquiries about results and appeals, with deadlines in working days (weekends and bank
          holidays in England and Wales do not count).{' '}
          {coverage ? (
            <span data-testid="calendar-coverage">
              Bank holidays known for {coverage.firstYear} to {coverage.lastYear} (snapshot{' '}
              {formatDate(coverage.snapshotTaken)}).
            </span>
          ) : null}
        </>
      }
      actions={
        <>
          <button
            type="button"
            className="button"
            onClick={() => {
              setLogging(true);
              setDetail(null);
            }}
          >
            Log an appeal
          </button>
        </>
      }
    >
      {error ? <Alert message={error} /> : null}
      {logging && policy.data ? (
        <LogAppealForm
          policy={policy.data.policy}
          onCancel={() => setLogging(false)}
          onLogged={(a) => {
            setLogging(false);
            setDetail(a);
            list.reload();
            emit('appeal-logged');
          }}
        />
      ) : null}
      {detail ? (
        <AppealDetail
          appeal={detail}
          groundLabels={groundLabels}
          onChange={(a) => {
            setDetail(a);
            list.reload();
          }}
          onClose={() => setDetail(null)}
        />
      ) : null}
      {!detail && !logging ? (
        <>
          <div className="filters appeals-filters">
            <label className="field checkbox">
              <input
                type="checkbox"
                checked={openOnly}
                onChange={(e) => setOpenOnly(e.target.checked)}
              />
              Open only
            </label>
            <label className="field checkbox">
              <input
                type="checkbox"
                checked={overdueOnly}
                onChange={(e) => setOverdueOnly(e.target.checked)}
              />
              Overdue only
            </label>
            <div className="field">
              <label htmlFor="register-year">Register year</label>
              <select
                id="register-year"
                value={year}
                onChange={(e) => setYear(Number(e.target.value))}
              >
                {[
                  thisYear,
                  thisYear - 1,
                  thisYear - 2,
                  thisYear - 3,
                  thisYear - 4,
                  thisYear - 5,
                ].map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button secondary"
              onClick={() => void exportRegister('csv')}
            >
              Export CSV
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => void exportRegister('pdf')}
            >
              Export PDF
            </button>
          </div>
          {policy.data ? (
            <PolicyPanel
              key={policy.data.policy.version}
              view={policy.data}
              canEdit={status.user?.role === 'iqa_lead'}
              onSaved={policy.reload}
            />
          ) : null}
          {list.error ? <Alert message={list.error.message} onRetry={list.reload} /> : null}
          {list.data === undefined && !list.error ? <Loading /> : null}
          {list.data && rows.length === 0 ? (
            <EmptyState
              title={
                overdueOnly
                  ? 'No overdue appeals'
                  : openOnly
                    ? 'No open appeals'
                    : 'No appeals logged'
              }
            >
              <p>
                Log an appeal or an enquiry about results against an {labels.epaShort} outcome, a
                reasonable adjustment or special consideration decision, or a sanction. Whoever
                decides it must not have been involved in the assessment or its moderation.
              </p>
            </EmptyState>
          ) : null}
          {rows.length ? (
            <div className="table-wrap">
              <table className="table appeals" data-testid="appeals-table">
                <caption className="visually-hidden">
                  {openOnly ? 'Open appeals, most urgent first' : 'All appeals'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ref</th>
                    <th scope="col">Apprentice</th>
                    <th scope="col">ULN</th>
                    <th scope="col">Received</th>
                    <th scope="col">Status</th>
                    <th scope="col">Next deadline</th>
                    <th scope="col">Due</th>
                    <th scope="col">Days remaining</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <button
                          type="button"
                          className="link-button mono"
                          onClick={() => void open(r.id)}
                        >
                          {r.ref}
                        </button>
                      </td>
                      <td>{r.apprentice}</td>
                      <td className="mono">{r.uln}</td>
                      <td className="nowrap">
                        {formatDate(r.receivedDate)}
                        {r.late ? <span className="pill deadline-due_soon late">late</span> : null}
                      </td>
                      <td>
                        {STATUS_LABELS[r.status]}
                        {r.outcome && r.status !== 'withdrawn'
                          ? ` · ${r.outcome.replace(/_/g, ' ')}`
                          : ''}
                      </td>
                      <td>{r.deadline?.label ?? '—'}</td>
                      <td className="nowrap">
                        {r.deadline ? formatDate(r.deadline.dueDate) : '—'}
                        {r.deadline?.calendarWarning ? (
                          <span className="warn-mark" title={r.deadline.calendarWarning}>
                            {' '}
                            ⚠ beyond the bank holiday list
                          </span>
                        ) : null}
                      </td>
                      <td>
                        <DeadlinePill deadline={r.deadline} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
