import type { ApiResult } from '@shared/contract';

export interface PreloadApi {
  invoke(channel: string, payload: unknown): Promise<ApiResult<unknown>>;
  transport: 'ipc';
}

declare global {
  interface Window {
    api?: PreloadApi;
  }
}
