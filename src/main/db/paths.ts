import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'IQA Desk';
export const DB_FILE_NAME = 'iqa.sqlite';
/** Environment variable that overrides where the database lives (CLI, web and desktop alike). */
export const DB_ENV = 'IQA_DB';

/**
 * The folder Electron calls userData for this app, computed without Electron so the CLI and the
 * desktop app open the same database by default.
 */
export function userDataFolder(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  }
  if (platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  }
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER_NAME);
}

/** `--db` wins, then the environment variable, then the user-data folder. */
export function resolveDbPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = env[DB_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(userDataFolder(), DB_FILE_NAME);
}
