import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { openTestApp, type TestApp } from '../support/context';

let app: TestApp;
let server: WebServer;
beforeEach(async () => {
  app = await openTestApp();
  const renderer = path.join(app.dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>IQA Desk</title>');
  server = await startWebServer(app.ctx, { port: 0, rendererDir: renderer });
});
afterEach(async () => {
  await server.close();
  app.close();
});

function request(
  pathName: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathName,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const json = { 'Content-Type': 'application/json' };

describe('the loopback HTTP adapter', () => {
  it('serves the contract on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request('/api/app:get-status', { method: 'POST', body: '{}', headers: json });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      ok: true,
      value: { firstRun: true, dbPath: app.dbPath },
    });
  });

  it('answers a bad payload with a validation error, not a crash', async () => {
    const res = await request('/api/users:create', {
      method: 'POST',
      body: '{"name":1}',
      headers: json,
    });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const broken = await request('/api/users:create', {
      method: 'POST',
      body: '{not json',
      headers: json,
    });
    expect(broken.status).toBe(400);
  });

  it('reads a request carrying a several-megabyte attachment, as the desktop app does', async () => {
    // A 3 MB PDF as base64 is about 4 MB of JSON: it must reach validation, not be cut off.
    const res = await request('/api/users:create', {
      method: 'POST',
      body: JSON.stringify({ name: 1, padding: 'A'.repeat(4_000_000) }),
      headers: json,
    });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('refuses other hosts and cross-origin pages', async () => {
    const rebinding = await request('/api/app:get-status', {
      method: 'POST',
      body: '{}',
      headers: { ...json, Host: 'evil.example:80' },
    });
    expect(rebinding.status).toBe(421);
    const crossSite = await request('/api/app:get-status', {
      method: 'POST',
      body: '{}',
      headers: { ...json, Origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const get = await request('/api/app:get-status');
    expect(get.status).toBe(405);
  });

  it('serves the app with a strict content security policy', async () => {
    const res = await request('/moderation');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>IQA Desk</title>');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const traversal = await request('/../../../etc/passwd');
    expect(traversal.body).not.toContain('root:');
  });
});
