import { useMemo, useState, type ReactNode } from 'react';
import type { RegisterRowDto } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { ShareBar } from '../components/ShareBar';
import { orderGrades } from '../colours';
import { usePageLoaded } from '../components/Page';
import { formatDate, formatNumber, humanise } from '../format';
import { hrefFor } from '../routes';
import { capitalise, useAppStatus } from '../status';
import { CompliancePill, EligibilityPill, dueText } from '../standardisation/pills';
import { AssessorProfile } from './AssessorProfile';

type Show = 'all' | 'attention' | 'active';

function needsAttention(r: RegisterRowDto): boolean {
  return (
    r.eligibility !== 'eligible' || (r.compliance.required && r.compliance.status !== 'compliant')
  );
}

/** The register: every assessor with eligibility and standardisation status; a row opens the profile. */
export function RegisterTab(): ReactNode {
  const { status, labels } = useAppStatus();
  const register = useApi('assessors:register', {});
  usePageLoaded(
    'assessors',
    register.data !== undefined || register.error !== null,
    register.error !== null,
  );
  const [open, setOpen] = useState<number | 'new' | null>(null);
  const [query, setQuery] = useState('');
  const [show, setShow] = useState<Show>('all');
  const isLead = status.user?.role === 'iqa_lead';
  const rows = register.data?.rows;
  const grades = useMemo(
    () => orderGrades((rows ?? []).flatMap((r) => Object.keys(r.grades))),
    [rows],
  );
  const shown = (rows ?? []).filter((r) => {
    const q = query.trim().toLowerCase();
    if (q && !r.ref.toLowerCase().includes(q) && !r.name.toLowerCase().includes(q)) return false;
    if (show === 'attention') return needsAttention(r);
    if (show === 'active') return r.status === 'active';
    return true;
  });

  if (open !== null)
    return (
      <AssessorProfile
        key={open}
        assessorId={open === 'new' ? null : open}
        onClose={() => setOpen(null)}
        onSaved={(id) => {
          register.reload();
          setOpen(id);
        }}
      />
    );

  return (
    <>
      {register.error ? <Alert message={register.error.message} onRetry={register.reload} /> : null}
      {!rows && !register.error ? <Loading /> : null}
      {rows && rows.length === 0 ? (
        <EmptyState title={`No ${labels.assessor}s yet`}>
          <p>
            The register lists every {labels.assessor} with whether they meet the assessment plan’s
            criteria and when their next {labels.standardisation} is due.{' '}
            {isLead ? 'Add one here, or ' : ''}
            <a href={hrefFor('imports')}>import them</a> with their decisions, or{' '}
            <a href={hrefFor('settings')}>load demo data in Settings</a>.
          </p>
          {isLead ? (
            <button type="button" className="button" onClick={() => setOpen('new')}>
              Add an {labels.assessor}
            </button>
          ) : null}
        </EmptyState>
      ) : null}
      {rows && rows.length > 0 ? (
        <>
          <div className="filters">
            <div className="field">
              <label htmlFor="register-search">Find by reference or name</label>
              <input
                id="register-search"
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="e.g. IA004 or Patel"
              />
            </div>
            <div className="field">
              <label htmlFor="register-show">Show</label>
              <select
                id="register-show"
                value={show}
                onChange={(e) => setShow(e.target.value as Show)}
              >
                <option value="all">Everyone</option>
                <option value="attention">Needing attention</option>
                <option value="active">Active only</option>
              </select>
            </div>
            {isLead ? (
              <button type="button" className="button" onClick={() => setOpen('new')}>
                Add an {labels.assessor}
              </button>
            ) : null}
          </div>
          <p className="table-summary" role="status">
            {formatNumber(shown.length)} of {formatNumber(rows.length)} {labels.assessor}s ·{' '}
            {formatNumber(rows.filter(needsAttention).length)} needing attention. Eligibility is
            judged against the assessment plan’s criteria for {labels.assessor}s on{' '}
            {formatDate(register.data?.at)}.
          </p>
          <div className="table-wrap">
            <table className="table assessors" data-testid="assessors-table">
              <caption className="visually-hidden">{capitalise(labels.assessor)} register</caption>
              <thead>
                <tr>
                  <th scope="col">Ref</th>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Approved for</th>
                  <th scope="col">Eligibility</th>
                  <th scope="col">{capitalise(labels.standardisation)}</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col" className="num">
                    Flagged
                  </th>
                  <th scope="col">Grade mix</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} data-testid={`register-row-${r.ref}`}>
                    <td>
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => setOpen(r.id)}
                        aria-label={`Open ${r.ref} ${r.name}`}
                      >
                        {r.ref}
                      </button>
                    </td>
                    <td>{r.name}</td>
                    <td>
                      <span className={`pill status-${r.status}`}>{humanise(r.status)}</span>
                      {r.statusSince ? (
                        <span className="sub">since {formatDate(r.statusSince)}</span>
                      ) : null}
                    </td>
                    <td className="small">
                      {r.standards.join(', ') || <span className="muted">None recorded</span>}
                    </td>
                    <td className="col-reasons">
                      <EligibilityPill state={r.eligibility} />
                      {r.eligibilityReasons.length > 0 ? (
                        <span className="sub">
                          {r.eligibilityReasons[0]}
                          {r.eligibilityReasons.length > 1
                            ? ` (+${r.eligibilityReasons.length - 1} more)`
                            : ''}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <CompliancePill
                        status={r.compliance.status}
                        required={r.compliance.required}
                      />
                      {r.compliance.required ? (
                        <span className="sub">
                          {dueText(r.compliance.dueBy, r.compliance.daysToDue)}
                        </span>
                      ) : null}
                    </td>
                    <td className="num">{formatNumber(r.decisions)}</td>
                    <td className={`num${r.flagged > 0 ? ' warn-text' : ''}`}>
                      {formatNumber(r.flagged)}
                    </td>
                    <td className="col-share">
                      <ShareBar
                        parts={grades.map((g) => ({ label: g, value: r.grades[g] ?? 0 }))}
                      />
                    </td>
                  </tr>
                ))}
                {shown.length === 0 ? (
                  <tr>
                    <td colSpan={9} className="muted">
                      Nobody matches. Clear the search or show everyone.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
