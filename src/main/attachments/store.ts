/**
 * Files kept beside the database (appeal evidence, competence and CPD evidence, standardisation
 * materials). Each is named by its content hash under a folder next to the database file, so the
 * folder travels with it in a backup, and its sha256 is recorded so a file changed on disk is
 * caught before anyone relies on it. Callers record the returned path in their own table, in the
 * transaction that audits the change.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  /** Relative to the folder: record this, never an absolute path (the database may move). */
  relative: string;
  sha256: string;
  sizeBytes: number;
}

export function folderBesideDatabase(ctx: AppContext, name: string): string {
  return path.join(path.dirname(path.resolve(ctx.store.path)), name);
}

/** Keeps the name readable but unable to climb out of the folder or upset a file system. */
export function safeFileName(name: string): string {
  return (
    path
      .basename(name)
      .replace(/[^A-Za-z0-9._ -]/g, '_')
      .slice(0, 120) || 'file'
  );
}

/**
 * Writes the bytes under `folder/subdir`, refusing empty and oversized files. Writing the same
 * content twice is harmless: the name is the hash, so the second write is skipped.
 */
export function storeFile(
  ctx: AppContext,
  input: { folder: string; subdir: string; fileName: string; base64: string; what?: string },
): StoredFile {
  const what = input.what ?? 'Files';
  const bytes = Buffer.from(input.base64, 'base64');
  if (bytes.length === 0) throw new DomainError('validation', 'The file is empty.');
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw new DomainError('validation', `${what} are limited to 20 MB each.`);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const relative = path.join(
    input.subdir,
    `${sha256.slice(0, 16)}-${safeFileName(input.fileName)}`,
  );
  const target = path.join(folderBesideDatabase(ctx, input.folder), relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target)) fs.writeFileSync(target, bytes, { flag: 'wx' });
  return { relative, sha256, sizeBytes: bytes.length };
}

/** Reads a stored file back, refusing it when it is missing or no longer matches its sha256. */
export function readStoredFile(
  ctx: AppContext,
  input: { folder: string; relative: string; sha256: string; fileName: string },
): Buffer {
  const folder = folderBesideDatabase(ctx, input.folder);
  const file = path.join(folder, input.relative);
  if (!path.resolve(file).startsWith(path.resolve(folder) + path.sep))
    throw new DomainError('refused', `${input.fileName} is recorded outside ${folder}.`);
  if (!fs.existsSync(file))
    throw new DomainError('not_found', `${input.fileName} is missing from ${folder}.`);
  const bytes = fs.readFileSync(file);
  const actual = crypto.createHash('sha256').update(bytes).digest('hex');
  if (actual !== input.sha256)
    throw new DomainError(
      'conflict',
      `${input.fileName} has changed since it was attached (its sha256 no longer matches the record), so it cannot be relied on.`,
    );
  return bytes;
}
