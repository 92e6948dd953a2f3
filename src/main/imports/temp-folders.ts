/**
 * Temporary folders named after the process that made them, so that those of a process that
 * is gone (crashed, killed with SIGKILL, the machine lost power) can be told from those of one
 * still running, such as another open copy of the app, and removed: they may hold what was read
 * from an import (a sheet unzipped, the problems of the rows read, with their values).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

export function removeFolder(folder: string): void {
  try {
    fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A file the system still holds (Windows): a later run sweeps the folder.
  }
}

/**
 * A new folder `prefix`, this process's pid, a dash and mkdtemp's six random letters and digits,
 * made after removing those of the same shape whose process is no longer running. Nothing else
 * is swept: a folder another mkdtemp made with the bare prefix (six characters, which may all be
 * digits) has no second dash.
 */
export function processTempFolder(prefix: string): string {
  const root = os.tmpdir();
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const shape = new RegExp(`^${escaped}([1-9][0-9]*)-[A-Za-z0-9]{6}$`);
  for (const name of fs.readdirSync(root)) {
    const match = shape.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    removeFolder(path.join(root, name));
  }
  return fs.mkdtempSync(path.join(root, `${prefix}${process.pid}-`));
}
