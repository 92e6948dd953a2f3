import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call } from '../../src/renderer/src/api/client';
import { installFakeApi, removeFakeApi, status } from './fakeApi';

afterEach(() => {
  removeFakeApi();
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('uses window.api when the preload bridge is present', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const invoke = installFakeApi({ 'app:get-status': status({ dbPath: '/data/iqa.sqlite' }) });

    const value = await call('app:get-status', {});

    expect(value.dbPath).toBe('/data/iqa.sqlite');
    expect(invoke).toHaveBeenCalledWith('app:get-status', {});
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('posts JSON to /api/<channel> when there is no bridge', async () => {
    const fetchSpy = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            ok: true,
            value: [{ id: 1, name: 'Asha', role: 'iqa_lead', active: true }],
          }),
          {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          },
        ),
    );
    vi.stubGlobal('fetch', fetchSpy);

    const users = await call('users:list', {});

    expect(users[0]?.name).toBe('Asha');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/users:list');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({});
  });

  it('throws an ApiError with the kind and message of a refusal, on either transport', async () => {
    const refusal = {
      ok: false as const,
      error: { kind: 'forbidden' as const, message: 'Only an IQA lead can add people.' },
    };
    installFakeApi({ 'users:create': () => refusal });
    const viaBridge = call('users:create', { name: 'Ben', role: 'moderator' });
    await expect(viaBridge).rejects.toBeInstanceOf(ApiError);
    await expect(viaBridge).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'Only an IQA lead can add people.',
    });

    removeFakeApi();
    // The web server answers refusals with a non-2xx status and an envelope all the same.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(refusal), { status: 403 })),
    );
    await expect(call('users:create', { name: 'Ben', role: 'moderator' })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'forbidden',
      message: 'Only an IQA lead can add people.',
    });
  });

  it('turns an unreachable or non-JSON server into an ApiError, not a crash', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('Only loopback requests are served.', { status: 421 })),
    );
    await expect(call('app:get-status', {})).rejects.toMatchObject({ kind: 'unavailable' });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(call('app:get-status', {})).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('Failed to fetch'),
    });
  });
});
