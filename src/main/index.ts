/**
 * The Electron shell: window, menu, IPC binding. It stays thin on purpose: every rule lives in
 * the services, which run (and are tested) under plain Node.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '@shared/security';
import { dispatch } from './api/dispatch';
import { bootstrap } from './core/bootstrap';
import type { AppContext } from './core/context';
import { DB_FILE_NAME, resolveDbPath } from './db/paths';
import { cancelAllImports } from './imports/jobs';

const APP_SCHEME = 'app';
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
let ctx: AppContext | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function dbPathFromArgs(): string | undefined {
  const i = process.argv.indexOf('--db');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function isAppUrl(url: string): boolean {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  return url.startsWith(`${APP_SCHEME}://iqa/`) || (!!devUrl && url.startsWith(devUrl));
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: 'IQA Desk',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  // No pop-ups and no navigation away from the app; links to the web open in the browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  void win.loadURL(devUrl ?? `${APP_SCHEME}://iqa/index.html`);
}

// Dates in forms read day/month/year whatever the machine's language (never US order).
app.commandLine.appendSwitch('lang', 'en-GB');

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const file = path.normalize(path.join(rendererDir, decodeURIComponent(pathname)));
    if (!file.startsWith(rendererDir)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });

  // Without --db or IQA_DB the database lives in Electron's userData folder.
  const dbPath =
    process.env.IQA_DB || dbPathFromArgs()
      ? resolveDbPath(dbPathFromArgs())
      : path.join(app.getPath('userData'), DB_FILE_NAME);
  try {
    ctx = await bootstrap({
      dbPath,
      migrationsFolder: app.isPackaged ? path.join(process.resourcesPath, 'drizzle') : undefined,
      nativeBinding: process.env.IQA_NATIVE_BINDING || undefined,
      actor: 'desktop',
    });
  } catch (error) {
    dialog.showErrorBox('IQA Desk could not open its database', (error as Error).message);
    app.exit(1);
    return;
  }

  ipcMain.handle('iqa:invoke', async (event, channel: unknown, payload: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl) || !ctx) {
      return {
        ok: false,
        error: { kind: 'forbidden', message: 'Request from an unknown page refused.' },
      };
    }
    return dispatch(ctx, channel, payload);
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  // An import still running when the window closes is cancelled: it rolls back, as if never begun.
  if (ctx) cancelAllImports(ctx);
  ctx?.store.close();
  ctx = null;
  if (process.platform !== 'darwin') app.quit();
});

void start();
