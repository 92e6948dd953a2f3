import { useState, type FormEvent, type ReactNode } from 'react';
import {
  APPEAL_TYPE_LABELS,
  APPEAL_TYPES,
  APPELLANT_KINDS,
  AUTHORISATIONS,
  AUTHORISATION_LABELS,
  type AppealType,
  type AppellantKind,
  type Authorisation,
} from '@shared/appeals';
import type { AppealDetailDto, EpaChoiceDto, OutputOf } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { formatDate } from '../format';
import { fileToBase64, localToday } from './util';

const APPELLANT_LABELS: Record<AppellantKind, string> = {
  apprentice: 'Apprentice',
  employer: 'Employer',
  provider: 'Training provider',
};

/** Logging an appeal should take under a minute: find the EPA, tick a ground, describe, save. */
export function LogAppealForm(props: {
  policy: OutputOf<'appeals:get-policy'>['policy'];
  onLogged: (appeal: AppealDetailDto) => void;
  onCancel: () => void;
}): ReactNode {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<EpaChoiceDto[] | null>(null);
  const [epa, setEpa] = useState<EpaChoiceDto | null>(null);
  const [decisionIds, setDecisionIds] = useState<number[]>([]);
  const [kind, setKind] = useState<'appeal' | 'enquiry'>('appeal');
  const [type, setType] = useState<AppealType>('result');
  const [appellantKind, setAppellantKind] = useState<AppellantKind>('apprentice');
  const [appellantName, setAppellantName] = useState('');
  const [authorisations, setAuthorisations] = useState<Authorisation[]>([]);
  const [receivedDate, setReceivedDate] = useState(localToday());
  const [resultDate, setResultDate] = useState('');
  const [grounds, setGrounds] = useState<string[]>([]);
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    if (!query.trim()) return;
    try {
      setResults(await call('appeals:search-epas', { query }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function pick(choice: EpaChoiceDto): void {
    setEpa(choice);
    setDecisionIds(choice.decisions.map((d) => d.decisionId));
    if (!appellantName) setAppellantName(choice.apprentice);
  }

  function toggle<T>(list: T[], value: T, on: boolean): T[] {
    return on ? [...list, value] : list.filter((v) => v !== value);
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!epa) return;
    setBusy(true);
    setError(null);
    try {
      let appeal = await call('appeals:log', {
        epaId: epa.epaId,
        kind,
        type,
        appellantKind,
        appellantName,
        authorisations,
        receivedDate,
        ...(resultDate ? { resultDate } : {}),
        grounds,
        description,
        decisionIds,
      });
      for (const file of files) {
        appeal = await call('appeals:add-evidence', {
          appealId: appeal.id,
          fileName: file.name,
          base64: await fileToBase64(file),
        });
      }
      props.onLogged(appeal);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel appeal-form" aria-labelledby="log-title" data-testid="log-appeal">
      <h2 id="log-title">Log an appeal</h2>
      <form className="inline-form" onSubmit={(e) => void search(e)} role="search">
        <div className="field grow">
          <label htmlFor="epa-search">Find the EPA by ULN or apprentice name</label>
          <input
            id="epa-search"
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="e.g. 1000000043 or Taylor"
          />
        </div>
        <button type="submit" className="button secondary">
          Search
        </button>
      </form>
      {results && !epa ? (
        results.length === 0 ? (
          <p className="muted">No EPA matches “{query}”.</p>
        ) : (
          <ul className="epa-choices" aria-label="Matching EPAs">
            {results.map((r) => (
              <li key={r.epaId}>
                <button
                  type="button"
                  className="epa-choice"
                  onClick={() => pick(r)}
                  disabled={r.openAppealRef !== null}
                >
                  <strong>{r.apprentice}</strong> <span className="mono">{r.uln}</span> ·{' '}
                  {r.standard} v{r.version} · {r.overallGrade ?? 'no overall grade'} ·{' '}
                  {r.status.replace(/_/g, ' ')}
                  {r.openAppealRef ? ` · already has ${r.openAppealRef} open` : ''}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {epa ? (
        <form onSubmit={(e) => void submit(e)} className="appeal-fields">
          <p className="chosen">
            <strong>{epa.apprentice}</strong> <span className="mono">{epa.uln}</span> ·{' '}
            {epa.standard} v{epa.version} · overall {epa.overallGrade ?? '—'}{' '}
            <button type="button" className="link-button" onClick={() => setEpa(null)}>
              Change
            </button>
          </p>
          <fieldset>
            <legend>What is it?</legend>
            <label className="field checkbox">
              <input
                type="radio"
                name="kind"
                checked={kind === 'appeal'}
                onChange={() => setKind('appeal')}
              />
              Appeal
            </label>
            <label className="field checkbox">
              <input
                type="radio"
                name="kind"
                checked={kind === 'enquiry'}
                onChange={() => setKind('enquiry')}
              />
              Enquiry about results (review of marking)
            </label>
            <div className="field">
              <label htmlFor="appeal-type">Against</label>
              <select
                id="appeal-type"
                value={type}
                onChange={(e) => setType(e.target.value as AppealType)}
              >
                {APPEAL_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {APPEAL_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          <fieldset>
            <legend>Decisions appealed</legend>
            {epa.decisions.map((d) => (
              <label key={d.decisionId} className="field checkbox">
                <input
                  type="checkbox"
                  checked={decisionIds.includes(d.decisionId)}
                  onChange={(e) =>
                    setDecisionIds(toggle(decisionIds, d.decisionId, e.target.checked))
                  }
                />
                {d.method} · {d.grade} · {formatDate(d.assessmentDate)} · {d.assessorRef}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Appellant</legend>
            <div className="row">
              <div className="field">
                <label htmlFor="appellant-kind">Who</label>
                <select
                  id="appellant-kind"
                  value={appellantKind}
                  onChange={(e) => setAppellantKind(e.target.value as AppellantKind)}
                >
                  {APPELLANT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {APPELLANT_LABELS[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field grow">
                <label htmlFor="appellant-name">Name</label>
                <input
                  id="appellant-name"
                  required
                  value={appellantName}
                  onChange={(e) => setAppellantName(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="result-date">Result issued (blank: EPA confirmation)</label>
                <input
                  id="result-date"
                  type="date"
                  value={resultDate}
                  onChange={(e) => setResultDate(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="received-date">Received</label>
                <input
                  id="received-date"
                  type="date"
                  required
                  value={receivedDate}
                  onChange={(e) => setReceivedDate(e.target.value)}
                />
              </div>
            </div>
            {appellantKind !== 'apprentice' ? (
              <div className="row">
                {AUTHORISATIONS.map((a) => (
                  <label key={a} className="field checkbox">
                    <input
                      type="checkbox"
                      checked={authorisations.includes(a)}
                      onChange={(e) =>
                        setAuthorisations(toggle(authorisations, a, e.target.checked))
                      }
                    />
                    {AUTHORISATION_LABELS[a]}
                  </label>
                ))}
              </div>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>Grounds</legend>
            <div className="grounds">
              {props.policy.grounds.map((g) => (
                <label key={g.code} className="field checkbox">
                  <input
                    type="checkbox"
                    checked={grounds.includes(g.code)}
                    onChange={(e) => setGrounds(toggle(grounds, g.code, e.target.checked))}
                  />
                  {g.label}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="appeal-description">Description</label>
            <textarea
              id="appeal-description"
              required
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="appeal-evidence">Evidence files (optional)</label>
            <input
              id="appeal-evidence"
              type="file"
              multiple
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
          </div>
          {error ? <Alert message={error} /> : null}
          <div className="field actions">
            <button type="submit" className="button" disabled={busy || grounds.length === 0}>
              Log {kind === 'enquiry' ? 'enquiry' : 'appeal'}
            </button>
            <button type="button" className="button secondary" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
          {grounds.length === 0 ? <p className="muted small">Tick at least one ground.</p> : null}
        </form>
      ) : error ? (
        <Alert message={error} />
      ) : null}
    </section>
  );
}
