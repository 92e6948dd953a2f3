import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { usePageLoaded } from '../components/Page';
import { emit } from '../e2e';
import { formatDate } from '../format';
import { capitalise, useAppStatus } from '../status';
import { EventEditor } from './EventEditor';
import { FORMAT_LABELS } from './pills';

/** Standardisation events, newest first; one opens in the editor with its attendance and exercises. */
export function EventsTab(): ReactNode {
  const { status, labels } = useAppStatus();
  const [year, setYear] = useState<number | undefined>(undefined);
  const list = useApi('standardisation:list-events', year === undefined ? {} : { year }, [year]);
  const [open, setOpen] = useState<number | 'new' | null>(null);
  const canRecord = status.user?.role === 'iqa_lead' || status.user?.role === 'moderator';
  const events = list.data?.events;

  usePageLoaded('assessors', list.data !== undefined || list.error !== null, list.error !== null);
  useEffect(() => {
    if (list.data !== undefined) emit('standardisation-loaded:events');
  }, [list.data]);

  if (open !== null)
    return (
      <EventEditor
        key={open}
        eventId={open === 'new' ? null : open}
        onClose={() => {
          setOpen(null);
          list.reload();
        }}
        onSaved={(id) => {
          list.reload();
          setOpen(id);
        }}
        onDeleted={() => {
          setOpen(null);
          list.reload();
        }}
      />
    );

  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor="events-year">Year</label>
          <select
            id="events-year"
            value={year ?? ''}
            onChange={(e) => setYear(e.target.value ? Number(e.target.value) : undefined)}
          >
            <option value="">All years</option>
            {(list.data?.years ?? []).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {canRecord ? (
          <button type="button" className="button" onClick={() => setOpen('new')}>
            New event
          </button>
        ) : null}
      </div>
      {list.error ? <Alert message={list.error.message} onRetry={list.reload} /> : null}
      {!events && !list.error ? <Loading /> : null}
      {events && events.length === 0 ? (
        <EmptyState title={`No ${labels.standardisation} events yet`}>
          <p>
            Record each {labels.standardisation} event: the standards it covered, who attended, the
            agenda and materials, and any sample-marking exercise. The assessment plan asks for
            events that let every {labels.assessor} attend at least one a year.
          </p>
        </EmptyState>
      ) : null}
      {events && events.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="events-table">
            <caption className="visually-hidden">
              {capitalise(labels.standardisation)} events
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Event</th>
                <th scope="col">Standards</th>
                <th scope="col">Format</th>
                <th scope="col">Facilitator</th>
                <th scope="col" className="num">
                  Attended
                </th>
                <th scope="col" className="num">
                  Apologies
                </th>
                <th scope="col" className="num">
                  Absent
                </th>
                <th scope="col" className="num">
                  Exercises
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDate(e.date)}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => setOpen(e.id)}>
                      {e.title}
                    </button>
                  </td>
                  <td className="small">{e.standards.join(', ')}</td>
                  <td>{e.format ? FORMAT_LABELS[e.format] : '—'}</td>
                  <td>{e.facilitator ?? '—'}</td>
                  <td className="num">{e.attended}</td>
                  <td className="num">{e.apologies}</td>
                  <td className="num">{e.absent}</td>
                  <td className="num">{e.exercises}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
