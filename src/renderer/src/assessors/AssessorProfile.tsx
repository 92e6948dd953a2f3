import { useEffect, useState, type ReactNode } from 'react';
import type { AssessorProfileDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { emit } from '../e2e';
import { formatDate, formatNumber, humanise } from '../format';
import { capitalise, useAppStatus } from '../status';
import { CompliancePill, EligibilityPill, dueText, pct } from '../standardisation/pills';
import { ApprovalsPanel } from './ApprovalsPanel';
import { ConflictsPanel } from './ConflictsPanel';
import { CpdPanel } from './CpdPanel';
import { ProfileForm } from './ProfileForm';
import { StatusPanel } from './StatusPanel';

/** One assessor: the register entry and everything an auditor would ask about them. */
export function AssessorProfile(props: {
  assessorId: number | null;
  onClose: () => void;
  onSaved: (id: number) => void;
}): ReactNode {
  const { status, labels } = useAppStatus();
  const versions = useApi('standardisation:versions', {});
  const [profile, setProfile] = useState<AssessorProfileDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const role = status.user?.role;
  const isLead = role === 'iqa_lead';
  const canRecord = role === 'iqa_lead' || role === 'moderator';

  async function load(id: number): Promise<void> {
    try {
      setProfile(await call('assessors:get', { assessorId: id }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    if (props.assessorId === null) return;
    let live = true;
    call('assessors:get', { assessorId: props.assessorId }).then(
      (p) => {
        if (live) setProfile(p);
      },
      (err: unknown) => {
        if (live) setError(messageOf(err));
      },
    );
    return () => {
      live = false;
    };
  }, [props.assessorId]);

  useEffect(() => {
    if (profile) emit(`assessor-profile:${profile.ref}`);
  }, [profile]);

  function changed(p: AssessorProfileDto): void {
    setProfile(p);
    props.onSaved(p.id);
  }

  const head = (
    <div className="detail-head">
      <h2 id="profile-title">
        {profile ? (
          <>
            {profile.name} <span className="mono small">{profile.ref}</span>
          </>
        ) : (
          `Add an ${labels.assessor}`
        )}
      </h2>
      <button type="button" className="button secondary" onClick={props.onClose}>
        Back to the register
      </button>
    </div>
  );

  if (props.assessorId === null)
    return (
      <section className="panel" aria-labelledby="profile-title" data-testid="assessor-profile">
        {head}
        <ProfileForm
          profile={null}
          canEdit={isLead}
          onSaved={(p) => props.onSaved(p.id)}
          onFilesChanged={() => undefined}
        />
      </section>
    );
  if (error) return <Alert message={error} onRetry={() => void load(props.assessorId as number)} />;
  if (!profile) return <Loading />;
  const c = profile.compliance;
  const reload = (): void => void load(profile.id);

  return (
    <section
      className="panel assessor-profile"
      aria-labelledby="profile-title"
      data-testid="assessor-profile"
    >
      {head}
      <p className="profile-summary">
        <span className={`pill status-${profile.status}`}>{humanise(profile.status)}</span>{' '}
        <EligibilityPill
          state={
            profile.eligibility.some((e) => e.state === 'ineligible')
              ? 'ineligible'
              : profile.eligibility.some((e) => e.state === 'incomplete')
                ? 'incomplete'
                : 'eligible'
          }
          testId="profile-eligibility"
        />{' '}
        <CompliancePill status={c.status} required={c.required} testId="profile-compliance" />{' '}
        <span className="muted">
          {formatNumber(profile.decisions)} decisions, {formatNumber(profile.flagged)} flagged
        </span>
      </p>

      <div className="profile-grid">
        <section aria-labelledby="elig-title">
          <h3 id="elig-title">Eligibility</h3>
          <ul className="plain-list" data-testid="eligibility-reasons">
            {profile.eligibility.map((e) => (
              <li key={e.standard}>
                <strong>{e.standard}</strong> <EligibilityPill state={e.state} />
                {e.reasons.length > 0 ? (
                  <ul className="reasons">
                    {e.reasons.map((r) => (
                      <li key={r.message} className={r.severity === 'fails' ? 'fails' : 'missing'}>
                        {r.severity === 'fails' ? 'Fails: ' : 'Not recorded: '}
                        {r.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="std-title">
          <h3 id="std-title">{capitalise(labels.standardisation)}</h3>
          <p>
            {c.required
              ? dueText(c.dueBy, c.daysToDue)
              : 'Not required while suspended or after leaving.'}
            {c.lastAttended
              ? ` · last attended ${formatDate(c.lastAttended)}`
              : ' · never attended'}
          </p>
          <ul className="plain-list small">
            {c.targets.map((t) => (
              <li key={t.standard}>
                <CompliancePill status={t.status} /> {t.description}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <h3>Register entry</h3>
      <ProfileForm
        key={`${profile.id}-${profile.ref}`}
        profile={profile}
        canEdit={isLead}
        onSaved={changed}
        onFilesChanged={reload}
      />

      <h3>Status</h3>
      <StatusPanel profile={profile} canEdit={isLead} onSaved={changed} />

      <h3>Approved standards</h3>
      {versions.data ? (
        <ApprovalsPanel
          key={JSON.stringify(profile.approvals)}
          profile={profile}
          versions={versions.data}
          canEdit={isLead}
          onSaved={changed}
        />
      ) : (
        <Loading />
      )}

      <h3>Conflicts of interest</h3>
      <ConflictsPanel profile={profile} canEdit={canRecord} onSaved={changed} />

      <h3>{capitalise(labels.standardisation)} attended</h3>
      {profile.attendance.length === 0 ? (
        <p className="muted">No {labels.standardisation} events recorded.</p>
      ) : (
        <div className="table-wrap history-wrap">
          <table className="table compact" data-testid="profile-attendance">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Event</th>
                <th scope="col">Standards</th>
                <th scope="col">Attendance</th>
              </tr>
            </thead>
            <tbody>
              {profile.attendance.map((a) => (
                <tr key={a.eventId}>
                  <td className="nowrap">{formatDate(a.date)}</td>
                  <td>{a.title}</td>
                  <td className="small">{a.standards.join(', ')}</td>
                  <td>{humanise(a.attendance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>Sample-marking exercises</h3>
      {profile.exercises.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="plain-list">
          {profile.exercises.map((x) => (
            <li key={x.exerciseId}>
              {formatDate(x.eventDate)} · {x.title}: {x.items} items graded, {pct(x.exact)} matched
              the agreed grade
              {x.followUp.length > 0 ? (
                <span className="warn-text"> · follow up: {x.followUp.join('; ')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h3>CPD</h3>
      <CpdPanel profile={profile} canEdit={canRecord} onSaved={changed} onFilesChanged={reload} />
    </section>
  );
}
