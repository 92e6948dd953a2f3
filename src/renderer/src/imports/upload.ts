/**
 * Sends a chosen file to the core in chunks, through the contract like every other call, so the
 * desktop (IPC) and browser (HTTP) adapters treat it the same; the core stores it beside the
 * database for the import worker to read.
 */
import { UPLOAD_CHUNK_BYTES } from '@shared/contract';
import { call } from '../api/client';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export async function uploadFile(
  file: File,
  onProgress: (sent: number, total: number) => void,
  signal?: { cancelled: boolean },
): Promise<string> {
  let uploadId: string | null = null;
  for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
    if (signal?.cancelled) throw new Error('Upload cancelled.');
    const chunk = new Uint8Array(
      await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer(),
    );
    const answer: { uploadId: string; received: number } = await call('imports:upload-chunk', {
      uploadId,
      fileName: file.name,
      size: file.size,
      offset,
      base64: toBase64(chunk),
    });
    uploadId = answer.uploadId;
    onProgress(answer.received, file.size);
  }
  if (uploadId === null) throw new Error(`${file.name} is empty.`);
  return uploadId;
}
