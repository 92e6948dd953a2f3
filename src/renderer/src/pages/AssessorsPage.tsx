import type { ReactNode } from 'react';
import type { AssessorSummaryDto } from '@shared/contract';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { ShareBar } from '../components/ShareBar';
import { gradeColour, orderGrades } from '../colours';
import { formatDate, formatNumber, humanise } from '../format';
import { hrefFor, pageTitle } from '../routes';
import { capitalise, useLabels } from '../status';

function GradeLegend(props: { grades: string[] }): ReactNode {
  return (
    <span className="legend" aria-hidden="true">
      Grade mix:
      {props.grades.map((g, i) => (
        <span key={g} className="legend-item">
          <span className="swatch" style={{ background: gradeColour(g, i) }} />
          {g}
        </span>
      ))}
    </span>
  );
}

function AssessorsTable(props: { assessors: AssessorSummaryDto[] }): ReactNode {
  const labels = useLabels();
  // Fail, Pass and Distinction always; any other grade a standard uses after them.
  const grades = orderGrades(props.assessors.flatMap((a) => Object.keys(a.grades)));
  return (
    <div className="table-wrap">
      <table className="table assessors" data-testid="assessors-table">
        <caption className="visually-hidden">{capitalise(labels.assessor)}s</caption>
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Start date</th>
            <th scope="col">Qualification</th>
            <th scope="col" className="num">
              Decisions
            </th>
            {grades.map((g) => (
              <th scope="col" className="num" key={g}>
                {g}
              </th>
            ))}
            <th scope="col">Grade mix</th>
            <th scope="col" className="num">
              Flagged
            </th>
            <th scope="col">Last assessment</th>
          </tr>
        </thead>
        <tbody>
          {props.assessors.map((a) => (
            <tr key={a.id}>
              <td className="mono">{a.ref}</td>
              <td>{a.name}</td>
              <td>
                <span className={`pill status-${a.status}`}>{humanise(a.status)}</span>
              </td>
              <td className="nowrap">{formatDate(a.startDate)}</td>
              <td>{a.qualificationStatus ? humanise(a.qualificationStatus) : '—'}</td>
              <td className="num">{formatNumber(a.decisions)}</td>
              {grades.map((g) => (
                <td className="num" key={g}>
                  {formatNumber(a.grades[g] ?? 0)}
                </td>
              ))}
              <td className="col-share">
                <ShareBar parts={grades.map((g) => ({ label: g, value: a.grades[g] ?? 0 }))} />
              </td>
              <td className={`num${a.flagged > 0 ? ' warn-text' : ''}`}>
                {formatNumber(a.flagged)}
              </td>
              <td className="nowrap">{formatDate(a.lastAssessmentDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AssessorsPage(): ReactNode {
  const labels = useLabels();
  const assessors = useApi('assessors:list', {});
  usePageLoaded('assessors', !assessors.loading, assessors.error !== null);
  const list = assessors.data;
  const active = list?.filter((a) => a.status === 'active').length ?? 0;

  return (
    <Page
      id="assessors"
      title={pageTitle('assessors', labels)}
      busy={assessors.loading}
      intro={
        <>
          Every {labels.assessor} must take part in {labels.standardisation} at least once a year.
          Recording {labels.standardisation} events and attendance comes in a later release.
        </>
      }
    >
      {assessors.error ? (
        <Alert message={assessors.error.message} onRetry={assessors.reload} />
      ) : null}
      {!list && assessors.loading ? <Loading /> : null}
      {list && list.length === 0 ? (
        <EmptyState title={`No ${labels.assessor}s yet`}>
          <p>
            {capitalise(labels.assessor)}s are added with the decisions they grade.{' '}
            <a href={hrefFor('imports')}>Imports</a> ·{' '}
            <a href={hrefFor('settings')}>Load demo data in Settings</a>
          </p>
        </EmptyState>
      ) : null}
      {list && list.length > 0 ? (
        <>
          <p className="table-summary">
            {formatNumber(list.length)} {labels.assessor}
            {list.length === 1 ? '' : 's'}, {formatNumber(active)} active.
            <GradeLegend grades={orderGrades(list.flatMap((a) => Object.keys(a.grades)))} />
          </p>
          <AssessorsTable assessors={list} />
        </>
      ) : null}
    </Page>
  );
}
