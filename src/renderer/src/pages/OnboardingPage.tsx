import { useEffect, useState, type ReactNode } from 'react';
import type { Labels } from '@shared/labels';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { emit } from '../e2e';
import { formatNumber } from '../format';
import { navigate } from '../routes';

export const DEMO_EPAS = 2000;

/** After the first user: start with generated demo data, or with an empty database. */
export function OnboardingPage(props: {
  labels: Labels;
  userName: string | null;
  onDone: () => void;
  onSwitchUser: () => void;
}): ReactNode {
  const [busy, setBusy] = useState<'demo' | 'empty' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => emit('page-loaded:onboarding'), []);

  const run = async (what: 'demo' | 'empty'): Promise<void> => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'demo') {
        await call('demo:load', { epas: DEMO_EPAS });
        emit('demo-loaded');
      } else {
        await call('app:complete-onboarding', {});
      }
      navigate('dashboard');
      props.onDone();
    } catch (e) {
      setError(messageOf(e));
      setBusy(null);
    }
  };

  const { labels } = props;
  return (
    <main className="setup" data-testid="page-onboarding" aria-busy={busy !== null}>
      <div className="setup-card wide">
        <h1>How would you like to start?</h1>
        {props.userName ? <p>Welcome, {props.userName}.</p> : null}
        <div className="choices">
          <section className="choice">
            <h2>Try it with demo data</h2>
            <p>
              Generates {formatNumber(DEMO_EPAS)} fictional {labels.epaShort}s for ST0071 Customer
              Service Specialist, with assessors, apprentices, employers and their grading
              decisions. Useful for seeing how moderation and sampling will work.
            </p>
            <button
              type="button"
              className="button"
              onClick={() => void run('demo')}
              disabled={busy !== null}
              data-testid="load-demo"
            >
              Load demo data
            </button>
          </section>
          <section className="choice">
            <h2>Start empty</h2>
            <p>
              Begin with no decisions and import your own assessors&apos; decisions when you are
              ready.
            </p>
            <button
              type="button"
              className="button secondary"
              onClick={() => void run('empty')}
              disabled={busy !== null}
              data-testid="start-empty"
            >
              Start empty
            </button>
          </section>
        </div>
        {busy === 'demo' ? (
          <p role="status" className="busy">
            <span className="spinner" aria-hidden="true" /> Loading demo data: generating{' '}
            {formatNumber(DEMO_EPAS)} {labels.epaShort}s. This can take a minute…
          </p>
        ) : null}
        {busy === 'empty' ? <p role="status">Setting up…</p> : null}
        {error ? <Alert message={error} /> : null}
        {error ? (
          <p>
            <button type="button" className="link-button" onClick={props.onSwitchUser}>
              Sign in as someone else
            </button>
          </p>
        ) : null}
      </div>
    </main>
  );
}
