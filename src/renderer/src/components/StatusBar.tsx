import { useState, type ReactNode } from 'react';
import { call, messageOf } from '../api/client';
import { roleName } from '../format';
import { useAppStatus } from '../status';

export function StatusBar(): ReactNode {
  const { status, reloadStatus } = useAppStatus();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const switchUser = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await call('session:sign-out', {});
      reloadStatus();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-db" title={status.dbPath}>
        Database: <span className="mono">{status.dbPath}</span>
      </span>
      {error ? (
        <span role="alert" className="status-error">
          {error}
        </span>
      ) : null}
      {status.user ? (
        <span className="status-user" data-testid="status-user">
          Signed in as <strong>{status.user.name}</strong> ({roleName(status.user.role)})
        </span>
      ) : null}
      <button
        type="button"
        className="link-button"
        onClick={() => void switchUser()}
        disabled={busy}
        data-testid="switch-user"
      >
        Switch user
      </button>
    </footer>
  );
}
