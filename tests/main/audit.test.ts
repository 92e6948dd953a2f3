/**
 * The audit log as an auditor reads it: ids of other records inside an entry's values are named,
 * from a real database, while the stored trail stays as written.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeAudit } from '../../src/main/audit/audit';
import { listAudit } from '../../src/main/audit/service';
import { removePlanItem } from '../../src/main/sampling/items';
import { generateSamplingPlan, publishPlan } from '../../src/main/sampling/plans';
import { saveEvent, setAttendance } from '../../src/main/standardisation/events';
import { inPersonEvent, openDemoApp, type TestApp } from '../support/context';

let app: TestApp;
beforeAll(async () => {
  app = await openDemoApp({ epas: 300, seed: 7, history: false });
});
afterAll(() => app.close());

const one = <T>(sql: string, ...params: unknown[]): T =>
  app.ctx.sqlite.prepare(sql).get(...params) as T;

describe('the audit log listing', () => {
  it('names the assessor and the decision an entry’s values hold by id, keeping the stored values', () => {
    const { ctx } = app;
    const plan = publishPlan(
      ctx,
      generateSamplingPlan(ctx, {
        from: '2026-06-01',
        to: '2026-08-31',
        standards: ['ST0071'],
        seed: 3,
      }).id,
    );
    // One of an assessor's several sampled decisions, so that removing it keeps their floor.
    const sampled = one<{ id: number; ref: string }>(
      `SELECT d.id, d.decision_ref AS ref FROM sampling_plan_items i JOIN decisions d ON d.id = i.decision_id
       WHERE i.plan_id = ? AND i.removed_at IS NULL AND i.assessor_id IN (
         SELECT assessor_id FROM sampling_plan_items WHERE plan_id = i.plan_id AND removed_at IS NULL
         GROUP BY assessor_id HAVING COUNT(*) > 2)
       ORDER BY d.id LIMIT 1`,
      plan.id,
    );
    removePlanItem(ctx, { planId: plan.id, decisionId: sampled.id, reason: 'duplicate upload' });
    const assessor = one<{ id: number; ref: string; name: string }>(
      'SELECT id, ref, name FROM assessors ORDER BY id LIMIT 1',
    );
    const event = saveEvent(
      ctx,
      inPersonEvent('2026-10-05', 'Autumn standardisation', ['ST0071 v1.1']),
    );
    setAttendance(ctx, {
      eventId: event.id,
      entries: [{ assessorId: assessor.id, attendance: 'attended' }],
    });
    // An assessor no longer in the database is still shown, by the id the log kept.
    writeAudit(ctx, {
      action: 'sampling.escalate',
      entity: 'sampling_plan',
      entityId: plan.id,
      after: { assessorId: 999_999, added: 0, wanted: 1 },
    });

    const entries = listAudit(ctx, { limit: 100 });
    const find = (action: string) => entries.find((e) => e.action === action)!;
    const removed = find('sampling.remove-item');
    expect(removed.before).toEqual({ decisionId: sampled.id });
    expect(removed.readable).toEqual({
      before: { decisionId: `Decision ${sampled.ref}` },
      after: { reason: 'duplicate upload' },
    });
    expect(removed.record).toBe(`Sampling plan ${plan.title}`);
    const attendance = find('standardisation.attendance');
    expect(attendance.record).toBe('Standardisation event Autumn standardisation (2026-10-05)');
    expect(attendance.readable?.after).toMatchObject({
      entries: [
        { assessorId: `Assessor ${assessor.name} (${assessor.ref})`, attendance: 'attended' },
      ],
    });
    expect(find('sampling.escalate').readable?.after).toEqual({
      assessorId: '#999999',
      added: 0,
      wanted: 1,
    });
    // Nothing to name: no copy.
    expect(find('standardisation.event-create').readable).toBeNull();
    // The trail itself still holds the ids.
    const stored = one<{ before_json: string }>(
      "SELECT before_json FROM audit_log WHERE action = 'sampling.remove-item'",
    );
    expect(JSON.parse(stored.before_json)).toEqual({ decisionId: sampled.id });
  });

  it('looks the names up once per kind of record for a page, not once per entry', () => {
    const { ctx } = app;
    const assessors = ctx.sqlite.prepare('SELECT id FROM assessors').pluck().all() as number[];
    for (const assessorId of assessors)
      writeAudit(ctx, {
        action: 'standardisation.import-update',
        entity: 'standardisation_event',
        entityId: 1,
        before: { assessorId, attendance: 'absent' },
        after: { assessorId, attendance: 'attended' },
      });
    const prepare = vi.spyOn(ctx.sqlite, 'prepare');
    const page = listAudit(ctx, { limit: 100 });
    // The page itself, then one query each for the assessors, events, plans and decisions named.
    expect(prepare.mock.calls.length).toBeLessThanOrEqual(5);
    prepare.mockRestore();
    expect(page.filter((e) => e.action === 'standardisation.import-update')).toHaveLength(
      assessors.length,
    );
    expect(page[0]?.readable?.after).toEqual({
      assessorId: expect.stringMatching(/^Assessor .+ \(IA\d+\)$/),
      attendance: 'attended',
    });
  });
});
