/**
 * The loopback HTTP adapter: the same contract as the desktop app's IPC, for tests, scripting and
 * use in a browser. It binds to 127.0.0.1 only, checks the Host and Origin headers so a web page
 * elsewhere cannot drive it (DNS rebinding, cross-site requests), and serves the built renderer
 * with the same content security policy as the desktop window.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '@shared/security';
import type { AppContext } from '../core/context';
import { dispatch } from '../api/dispatch';

// Attachments travel as base64 inside the JSON body (the contract allows 28 MB of it, a 20 MB
// file); anything larger is refused before it is read into memory.
const MAX_BODY_BYTES = 30_000_000;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function allowedHost(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleApi(
  ctx: AppContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  channel: string,
  port: number,
): Promise<void> {
  const origin = req.headers.origin;
  if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
    send(
      res,
      403,
      JSON.stringify({
        ok: false,
        error: { kind: 'forbidden', message: 'Cross-origin request refused.' },
      }),
      'application/json',
    );
    return;
  }
  if (
    req.method !== 'POST' ||
    !(req.headers['content-type'] ?? '').startsWith('application/json')
  ) {
    send(
      res,
      405,
      JSON.stringify({
        ok: false,
        error: { kind: 'validation', message: 'Use POST with a JSON body.' },
      }),
      'application/json',
    );
    return;
  }
  let payload: unknown;
  try {
    const body = await readBody(req);
    payload = body ? (JSON.parse(body) as unknown) : {};
  } catch (error) {
    send(
      res,
      400,
      JSON.stringify({
        ok: false,
        error: { kind: 'validation', message: `Unreadable request: ${(error as Error).message}` },
      }),
      'application/json',
    );
    return;
  }
  const result = await dispatch(ctx, decodeURIComponent(channel), payload);
  send(res, 200, JSON.stringify(result), 'application/json');
}

function serveStatic(rendererDir: string, urlPath: string, res: http.ServerResponse): void {
  const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(rendererDir, clean);
  if (!file.startsWith(rendererDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(rendererDir, 'index.html'); // the app routes on the client
  }
  if (!fs.existsSync(file)) {
    send(
      res,
      404,
      'The app has not been built. Run `npm run build` first.',
      'text/plain; charset=utf-8',
    );
    return;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
  fs.createReadStream(file).pipe(res);
}

export function startWebServer(
  ctx: AppContext,
  options: { port?: number; rendererDir: string },
): Promise<WebServer> {
  const rendererDir = path.resolve(options.rendererDir);
  let port = options.port ?? 0;
  const server = http.createServer((req, res) => {
    if (!allowedHost(req, port)) {
      send(res, 421, 'Only loopback requests are served.', 'text/plain; charset=utf-8');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const api = /^\/api\/([a-z-]+:[a-z-]+)$/.exec(url.pathname);
    if (api) {
      handleApi(ctx, req, res, api[1] as string, port).catch((error: unknown) => {
        send(
          res,
          500,
          JSON.stringify({ ok: false, error: { kind: 'internal', message: String(error) } }),
          'application/json',
        );
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      send(
        res,
        404,
        JSON.stringify({ ok: false, error: { kind: 'validation', message: 'Unknown request.' } }),
        'application/json',
      );
      return;
    }
    serveStatic(rendererDir, url.pathname, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
