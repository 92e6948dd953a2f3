import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/main/audit/service';
import { DomainError } from '../../src/main/core/errors';
import { activeUserNamed, createUser, requireEditor, signIn } from '../../src/main/users/service';
import { openTestApp, type TestApp } from '../support/context';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
});
afterEach(() => app.close());

describe('IQA staff', () => {
  it('makes the first person an IQA lead, signs them in and audits it', () => {
    const { ctx } = app;
    expect(() => createUser(ctx, { name: 'Sam Moderator', role: 'moderator' })).toThrow(
      /first person .* must be an IQA lead/,
    );
    const lead = createUser(ctx, { name: 'Priya Shah', role: 'iqa_lead' });
    expect(ctx.session.userId).toBe(lead.id);
    const [entry] = listAudit(ctx, { limit: 1 });
    expect(entry).toMatchObject({
      action: 'user.create',
      actor: 'Priya Shah',
      entityId: String(lead.id),
    });
  });

  it('lets only an IQA lead add people, and refuses a duplicate name', () => {
    const { ctx } = app;
    createUser(ctx, { name: 'Priya Shah', role: 'iqa_lead' });
    const viewer = createUser(ctx, { name: 'Rob Viewer', role: 'read_only' });
    expect(() => createUser(ctx, { name: 'priya shah', role: 'moderator' })).toThrow(
      /already someone/,
    );

    signIn(ctx, viewer.id);
    expect(() => createUser(ctx, { name: 'Kim Moderator', role: 'moderator' })).toThrow(
      DomainError,
    );
    expect(() => requireEditor(ctx)).toThrow(/read-only/);
    // The refused attempt left no trace but the successful ones.
    expect(listAudit(ctx, { limit: 10 }).map((e) => e.action)).toEqual([
      'user.create',
      'user.create',
      'standards.load',
    ]);
  });

  it('knows a person by their name however it is typed: capitals, spacing, accents', () => {
    const { ctx } = app;
    createUser(ctx, { name: 'Priya Shah', role: 'iqa_lead' });
    const zoe = createUser(ctx, { name: 'Zoë Brontë', role: 'moderator' });
    // Other capitals, spacing, or each accent typed as a mark of its own: the same person.
    for (const name of ['ZOË  BRONTË', 'Zoe\u0308 Bronte\u0308'])
      expect(() => createUser(ctx, { name, role: 'moderator' })).toThrow(/already someone/);
    expect(activeUserNamed(ctx, ' zoe\u0308 BRONTË ')).toBe(zoe.id);
    expect(activeUserNamed(ctx, 'Zoe Bronte')).toBeUndefined();
  });
});
