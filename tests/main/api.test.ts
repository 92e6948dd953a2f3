import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/dispatch';
import { openTestApp, type TestApp } from '../support/context';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
});
afterEach(() => app.close());

describe('the contract, as every adapter serves it', () => {
  it('refuses unknown channels and malformed payloads without touching the database', async () => {
    const { ctx } = app;
    expect(await dispatch(ctx, 'db:drop-everything', {})).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    const bad = await dispatch(ctx, 'users:create', { name: 'X', role: 'superuser', extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.kind).toBe('validation');
      expect(bad.error.issues?.map((i) => i.path)).toEqual(
        expect.arrayContaining(['name', 'role']),
      );
    }
    expect(ctx.sqlite.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
  });

  it('walks the first run: lead, demo data, overview and paged decisions', async () => {
    const { ctx } = app;
    const status = await dispatch(ctx, 'app:get-status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { firstRun: true, needsOnboarding: true, user: null },
    });

    expect(await dispatch(ctx, 'demo:load', { epas: 50 })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(
      await dispatch(ctx, 'users:create', { name: 'Priya Shah', role: 'iqa_lead' }),
    ).toMatchObject({ ok: true });
    const demo = await dispatch(ctx, 'demo:load', { epas: 200, seed: 11 });
    expect(demo.ok).toBe(true);

    const after = await dispatch(ctx, 'app:get-status', {});
    expect(after).toMatchObject({
      ok: true,
      value: { firstRun: false, needsOnboarding: false, user: { name: 'Priya Shah' } },
    });

    const overview = await dispatch(ctx, 'dashboard:get-overview', {});
    expect(overview.ok).toBe(true);
    const total = ctx.sqlite
      .prepare("SELECT count(*) FROM decisions WHERE status = 'held'")
      .pluck()
      .get() as number;
    expect(total).toBeGreaterThan(0);
    if (overview.ok) {
      const v = overview.value as { decisionsByStatus: Record<string, number> };
      expect(v.decisionsByStatus.held).toBe(total);
    }

    // Keyset paging visits every held decision exactly once, newest first.
    const seen = new Set<number>();
    let after_: unknown = undefined;
    let lastDate = '9999-12-31';
    for (;;) {
      const page = await dispatch(ctx, 'decisions:list', {
        filter: { status: 'held' },
        limit: 97,
        after: after_,
      });
      if (!page.ok) throw new Error(page.error.message);
      const v = page.value as {
        rows: { id: number; assessmentDate: string }[];
        total: number;
        next: unknown;
      };
      expect(v.total).toBe(total);
      for (const r of v.rows) {
        expect(seen.has(r.id)).toBe(false);
        expect(r.assessmentDate <= lastDate).toBe(true);
        lastDate = r.assessmentDate;
        seen.add(r.id);
      }
      if (!v.next) break;
      after_ = v.next;
    }
    expect(seen.size).toBe(total);
  });

  it('lets a read-only user look but not change anything', async () => {
    const { ctx } = app;
    await dispatch(ctx, 'users:create', { name: 'Priya Shah', role: 'iqa_lead' });
    const viewer = await dispatch(ctx, 'users:create', { name: 'Rob Viewer', role: 'read_only' });
    if (!viewer.ok) throw new Error(viewer.error.message);
    await dispatch(ctx, 'session:sign-in', { userId: (viewer.value as { id: number }).id });
    expect(await dispatch(ctx, 'demo:load', { epas: 10 })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringContaining('read-only') },
    });
    expect(await dispatch(ctx, 'assessors:list', {})).toMatchObject({ ok: true, value: [] });
  });
});
