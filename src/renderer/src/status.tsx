/**
 * The app's status (database, signed-in user, sector words) shared with every screen, so the
 * shell and pages read labels from one place and can ask for a refresh after changing data.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { StatusDto } from '@shared/contract';
import { capitalise, DEFAULT_LABELS, type Labels } from '@shared/labels';

export interface AppStatus {
  status: StatusDto;
  labels: Labels;
  reloadStatus: () => void;
}

const StatusContext = createContext<AppStatus | null>(null);

export function labelsFrom(status: StatusDto | undefined): Labels {
  return { ...DEFAULT_LABELS, ...(status?.labels ?? {}) };
}

export function StatusProvider(props: { value: AppStatus; children: ReactNode }): ReactNode {
  return <StatusContext.Provider value={props.value}>{props.children}</StatusContext.Provider>;
}

export function useAppStatus(): AppStatus {
  const value = useContext(StatusContext);
  if (!value) throw new Error('useAppStatus must be used inside StatusProvider');
  return value;
}

export function useLabels(): Labels {
  return useAppStatus().labels;
}

// Screens import it from here with the labels it is mostly used on.
export { capitalise };
