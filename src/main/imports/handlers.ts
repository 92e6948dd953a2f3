import type { HandlerMap } from '../api/types';
import { requireEditor } from '../users/service';
import { batchReport, listImportBatches } from './batches';
import {
  cancelJob,
  inspectUpload,
  jobReport,
  jobStatus,
  runningJob,
  startImport,
  uploadChunk,
} from './jobs';
import { deleteMapping, listMappings, saveMapping } from './mappings';
import { templateFile } from './templates';

type Channels =
  | 'imports:list-batches'
  | 'imports:upload-chunk'
  | 'imports:inspect'
  | 'imports:start'
  | 'imports:job-status'
  | 'imports:cancel'
  | 'imports:running-job'
  | 'imports:report-csv'
  | 'imports:template'
  | 'imports:list-mappings'
  | 'imports:save-mapping'
  | 'imports:delete-mapping';

export const importsHandlers: HandlerMap<Channels> = {
  'imports:list-batches': (ctx) => listImportBatches(ctx),
  'imports:upload-chunk': (ctx, input) => uploadChunk(ctx, input),
  'imports:inspect': (ctx, input) => inspectUpload(ctx, input),
  'imports:start': (ctx, input) => startImport(ctx, input),
  'imports:job-status': (ctx, input) => jobStatus(ctx, input.jobId),
  'imports:cancel': (ctx, input) => cancelJob(ctx, input.jobId),
  'imports:running-job': (ctx) => runningJob(ctx),
  'imports:report-csv': (ctx, input) =>
    'jobId' in input ? jobReport(ctx, input.jobId) : batchReport(ctx, input.batchId),
  'imports:template': (_ctx, input) => templateFile(input.kind, input.format),
  'imports:list-mappings': (ctx, input) => listMappings(ctx, input.kind),
  'imports:save-mapping': (ctx, input) => (requireEditor(ctx), saveMapping(ctx, input)),
  'imports:delete-mapping': (ctx, input) => (requireEditor(ctx), deleteMapping(ctx, input.id)),
};
