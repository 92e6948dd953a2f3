import { useMemo, type ReactNode } from 'react';
import { call } from './api/client';
import { useApi } from './api/useApi';
import { Alert } from './components/Alert';
import { Loading } from './components/Loading';
import { Shell } from './components/Shell';
import { OnboardingPage } from './pages/OnboardingPage';
import { SignInPage } from './pages/SignInPage';
import { WelcomePage } from './pages/WelcomePage';
import { labelsFrom, StatusProvider, type AppStatus } from './status';

/**
 * Chooses the screen from the core's status: first run (no users) → welcome; nobody signed in →
 * sign-in; a fresh database → onboarding; otherwise the app. Signing in comes before onboarding
 * because loading demo data needs someone to record it against.
 */
export function App(): ReactNode {
  const status = useApi('app:get-status', {});
  const { data, reload } = status;
  const value = useMemo<AppStatus | null>(
    () => (data ? { status: data, labels: labelsFrom(data), reloadStatus: reload } : null),
    [data, reload],
  );

  if (!value) {
    if (status.error) {
      return (
        <main className="setup">
          <div className="setup-card">
            <h1>IQA Desk could not start</h1>
            <Alert message={status.error.message} onRetry={reload} />
          </div>
        </main>
      );
    }
    return (
      <main className="setup">
        <Loading />
      </main>
    );
  }

  const s = value.status;
  const signOut = (): void => {
    void call('session:sign-out', {}).finally(reload);
  };
  let screen: ReactNode;
  if (s.firstRun) {
    screen = <WelcomePage dbPath={s.dbPath} labels={value.labels} onDone={reload} />;
  } else if (!s.user) {
    screen = <SignInPage labels={value.labels} onDone={reload} />;
  } else if (s.needsOnboarding) {
    screen = (
      <OnboardingPage
        labels={value.labels}
        userName={s.user.name}
        onDone={reload}
        onSwitchUser={signOut}
      />
    );
  } else {
    screen = <Shell />;
  }

  return (
    <StatusProvider value={value}>
      {status.error ? (
        <div className="banner">
          <Alert message={status.error.message} onRetry={reload} />
        </div>
      ) : null}
      {screen}
    </StatusProvider>
  );
}
