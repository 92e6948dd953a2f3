import { useState, type FormEvent, type ReactNode } from 'react';
import {
  QUALIFICATION_LABELS,
  QUALIFICATION_STATUSES,
  type QualificationStatus,
} from '@shared/standardisation';
import type { AssessorProfileDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { Attachments } from '../components/Attachments';
import { useLabels } from '../status';

/** The register entry: who they are, and the evidence for each independent-assessor criterion. */
export function ProfileForm(props: {
  profile: AssessorProfileDto | null;
  canEdit: boolean;
  onSaved: (p: AssessorProfileDto) => void;
  onFilesChanged: () => void;
}): ReactNode {
  const labels = useLabels();
  const p = props.profile;
  const [ref, setRef] = useState(p?.ref ?? '');
  const [name, setName] = useState(p?.name ?? '');
  const [email, setEmail] = useState(p?.email ?? '');
  const [startDate, setStartDate] = useState(p?.startDate ?? '');
  const [sector, setSector] = useState(p?.sectorExperience ?? '');
  const [competenceSince, setCompetenceSince] = useState(p?.competenceSince ?? '');
  const [competenceEvidence, setCompetenceEvidence] = useState(p?.competenceEvidence ?? '');
  const [qStatus, setQStatus] = useState<QualificationStatus | ''>(p?.qualification.status ?? '');
  const [qName, setQName] = useState(p?.qualification.name ?? '');
  const [qExpected, setQExpected] = useState(p?.qualification.expectedBy ?? '');
  const [qAchieved, setQAchieved] = useState(p?.qualification.achievedOn ?? '');
  const [qNote, setQNote] = useState(p?.qualification.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const disabled = !props.canEdit || busy;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const result = await call('assessors:save', {
        ...(p ? { assessorId: p.id } : {}),
        ref,
        name,
        email: email || null,
        startDate: startDate || null,
        sectorExperience: sector,
        competenceSince: competenceSince || null,
        competenceEvidence,
        qualificationStatus: qStatus || null,
        qualificationName: qName,
        qualificationExpectedBy:
          qStatus === 'working_towards' || qStatus === 'held' ? qExpected || null : null,
        qualificationAchievedOn: qStatus === 'held' ? qAchieved || null : null,
        qualificationNote: qNote,
      });
      setSaved(true);
      props.onSaved(result);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="register-form" onSubmit={(e) => void submit(e)} aria-label="Register entry">
      <fieldset disabled={disabled}>
        <legend>Details</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="a-ref">Reference</label>
            <input
              id="a-ref"
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              required
              size={10}
            />
          </div>
          <div className="field grow">
            <label htmlFor="a-name">Name</label>
            <input id="a-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
          <div className="field grow">
            <label htmlFor="a-email">Email</label>
            <input
              id="a-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="a-start">Started with the EPAO</label>
            <input
              id="a-start"
              type="date"
              value={startDate}
              onChange={(e) => setStartDate(e.target.value)}
            />
          </div>
        </div>
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Sector and occupational competence</legend>
        <p className="field-hint">
          The assessment plan asks for understanding of the sector and the occupation, and current
          occupational competence of 2 years or more.
        </p>
        <div className="field">
          <label htmlFor="a-sector">Understanding of the sector and the role</label>
          <textarea
            id="a-sector"
            rows={2}
            value={sector}
            onChange={(e) => setSector(e.target.value)}
          />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="a-comp-since">Occupationally competent since</label>
            <input
              id="a-comp-since"
              type="date"
              value={competenceSince}
              onChange={(e) => setCompetenceSince(e.target.value)}
            />
          </div>
          <div className="field grow">
            <label htmlFor="a-comp-evidence">Evidence of competence</label>
            <textarea
              id="a-comp-evidence"
              rows={2}
              value={competenceEvidence}
              onChange={(e) => setCompetenceEvidence(e.target.value)}
              placeholder="e.g. CV and employer reference on file"
            />
          </div>
        </div>
      </fieldset>
      {p ? (
        <div className="attach-under">
          <Attachments
            ownerType="assessor"
            ownerId={p.id}
            kind="competence"
            files={p.attachments}
            label="Add competence evidence (CV, references)"
            canEdit={props.canEdit}
            onChange={props.onFilesChanged}
          />
        </div>
      ) : null}
      <fieldset disabled={disabled}>
        <legend>Assessor qualification</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="a-q-status">Qualification</label>
            <select
              id="a-q-status"
              value={qStatus}
              onChange={(e) => setQStatus(e.target.value as QualificationStatus | '')}
            >
              <option value="">Not recorded</option>
              {QUALIFICATION_STATUSES.map((q) => (
                <option key={q} value={q}>
                  {QUALIFICATION_LABELS[q]}
                </option>
              ))}
            </select>
          </div>
          {qStatus === 'held' || qStatus === 'working_towards' ? (
            <div className="field grow">
              <label htmlFor="a-q-name">Qualification name</label>
              <input
                id="a-q-name"
                value={qName}
                onChange={(e) => setQName(e.target.value)}
                placeholder="e.g. Level 3 Certificate in Assessing Vocational Achievement"
              />
            </div>
          ) : null}
          {qStatus === 'working_towards' || qStatus === 'held' ? (
            <div className="field">
              <label htmlFor="a-q-expected">Expected by</label>
              <input
                id="a-q-expected"
                type="date"
                value={qExpected}
                onChange={(e) => setQExpected(e.target.value)}
              />
            </div>
          ) : null}
          {qStatus === 'held' ? (
            <div className="field">
              <label htmlFor="a-q-achieved">Achieved on</label>
              <input
                id="a-q-achieved"
                type="date"
                value={qAchieved}
                onChange={(e) => setQAchieved(e.target.value)}
              />
            </div>
          ) : null}
        </div>
        {p?.qualification.unrecognised ? (
          <p className="warning-note">
            Imported as “{p.qualification.unrecognised}”, which is not a status the app knows:
            choose one above.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="a-q-note">
            {qStatus === 'equivalent_expertise'
              ? 'Describe the equivalent expertise'
              : 'Notes (optional)'}
          </label>
          <textarea
            id="a-q-note"
            rows={2}
            value={qNote}
            onChange={(e) => setQNote(e.target.value)}
          />
        </div>
      </fieldset>
      {error ? <Alert message={error} /> : null}
      {props.canEdit ? (
        <p>
          <button type="submit" className="button" disabled={busy}>
            {p ? 'Save changes' : `Add ${labels.assessor}`}
          </button>{' '}
          {saved ? <span role="status">Saved.</span> : null}
        </p>
      ) : (
        <p className="muted small">Only an IQA lead can change the register.</p>
      )}
    </form>
  );
}
