import { z } from 'zod';
import { Empty } from './common';

export const ImportBatchDto = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  fileHash: z.string(),
  importedBy: z.string(),
  importedAt: z.string(),
  rowsNew: z.number().int(),
  rowsChanged: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsRejected: z.number().int(),
  flags: z.number().int(),
});
export type ImportBatchDto = z.infer<typeof ImportBatchDto>;

export const importsContract = {
  'imports:list-batches': { input: Empty, output: z.array(ImportBatchDto) },
} as const;
