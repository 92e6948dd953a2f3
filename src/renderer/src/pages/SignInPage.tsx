import { useState, type ReactNode } from 'react';
import type { Labels } from '@shared/labels';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { usePageLoaded } from '../components/Page';
import { roleName } from '../format';

/** People are chosen from a list: the app records who did what, it does not guard a password. */
export function SignInPage(props: { labels: Labels; onDone: () => void }): ReactNode {
  const users = useApi('users:list', {});
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  usePageLoaded('sign-in', !users.loading, users.error !== null);

  const signIn = async (userId: number): Promise<void> => {
    setBusyId(userId);
    setError(null);
    try {
      await call('session:sign-in', { userId });
      props.onDone();
    } catch (e) {
      setError(messageOf(e));
      setBusyId(null);
    }
  };

  return (
    <main className="setup" data-testid="page-sign-in">
      <div className="setup-card">
        <h1>Who is using {props.labels.appName}?</h1>
        <p>Choose your name. Everything you change is recorded against it.</p>
        {users.error ? <Alert message={users.error.message} onRetry={users.reload} /> : null}
        {users.loading && !users.data ? <Loading /> : null}
        {users.data ? (
          <ul className="people" aria-label="People">
            {users.data.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  className="person"
                  onClick={() => void signIn(user.id)}
                  disabled={!user.active || busyId !== null}
                  data-testid={`sign-in-${user.id}`}
                >
                  <span className="person-name">{user.name}</span>
                  <span className="person-role">
                    {roleName(user.role)}
                    {user.active ? '' : ' · no longer active'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {error ? <Alert message={error} /> : null}
      </div>
    </main>
  );
}
