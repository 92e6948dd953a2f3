import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Labels } from '@shared/labels';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { emit } from '../e2e';

/** First run: the database has no users, so the first person becomes its IQA lead. */
export function WelcomePage(props: {
  dbPath: string;
  labels: Labels;
  onDone: () => void;
}): ReactNode {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => emit('page-loaded:welcome'), []);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('users:create', { name, role: 'iqa_lead' });
      props.onDone();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <main className="setup" data-testid="page-welcome">
      <div className="setup-card">
        <h1>Welcome to {props.labels.appName}</h1>
        <p>
          {props.labels.appName} keeps the evidence of your internal quality assurance in one place:
          moderation of assessors&apos; decisions, sampling, {props.labels.standardisation} and
          appeals.
        </p>
        <p className="muted">
          Everything is stored on this computer in <span className="mono">{props.dbPath}</span>.
        </p>
        <form onSubmit={(e) => void submit(e)} className="stack">
          <label htmlFor="first-lead-name">The first IQA lead&apos;s name</label>
          <p className="field-hint" id="first-lead-name-hint">
            You will be signed in as this person and can add colleagues later in Settings.
          </p>
          <input
            id="first-lead-name"
            name="name"
            autoComplete="name"
            aria-describedby="first-lead-name-hint"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            // The welcome screen asks one thing; starting there saves a click.
            autoFocus
          />
          {error ? <Alert message={error} /> : null}
          <div>
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Saving…' : 'Continue'}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
