/**
 * The bridge: one function, `window.api.invoke(channel, payload)`, forwarded to main where the
 * channel and payload are validated. Raw ipcRenderer is never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('api', {
  invoke: (channel: string, payload: unknown): Promise<unknown> => {
    if (typeof channel !== 'string') return Promise.reject(new Error('channel must be a string'));
    return ipcRenderer.invoke('iqa:invoke', channel, payload);
  },
  transport: 'ipc',
});
