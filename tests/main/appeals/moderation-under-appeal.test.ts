/**
 * Moderating in the app a decision that an enquiry about results or an appeal is deciding, on a
 * real database. The EPAO's decision on an appeal is final (001, 004), so while one about the
 * decision is open the grade is the appeal's to decide: a moderation, which releases the decision
 * and may change its grade, is refused, as the moderation history import refuses a row dated
 * from the day one was received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/main/audit/service';
import {
  assignReviewer,
  decideAppeal,
  logAppeal,
  transitionAppeal,
} from '../../../src/main/appeals/service';
import { listQueue } from '../../../src/main/moderation/queue';
import { moderationContext } from '../../../src/main/moderation/records';
import { saveModeration } from '../../../src/main/moderation/save';
import { generateSamplingPlan, publishPlan } from '../../../src/main/sampling/plans';
import { openDemoApp, type TestApp } from '../../support/context';

let app: TestApp;

beforeAll(async () => {
  app = await openDemoApp({ epas: 600, seed: 404, history: false });
  publishPlan(
    app.ctx,
    generateSamplingPlan(app.ctx, {
      from: '2026-06-01',
      to: '2026-08-31',
      standards: ['ST0071'],
      seed: 12,
    }).id,
  );
}, 120_000);
afterAll(() => app.close());

const queue = (status: 'to_do' | 'done' | 'all' = 'to_do') =>
  listQueue(app.ctx, {
    filter: { status },
    sort: { by: 'date', dir: 'asc' },
    offset: 0,
    limit: 5000,
  });

/** A Pass waiting in the queue, on an EPA nobody has appealed yet. */
function queuedPass(): { decisionId: number; epaId: number; grade: string } {
  const appealed = new Set(
    app.ctx.sqlite.prepare('SELECT epa_id FROM appeals').pluck().all() as number[],
  );
  for (const row of queue().rows) {
    if (row.grade !== 'Pass') continue;
    const epaId = app.ctx.sqlite
      .prepare('SELECT epa_id FROM decisions WHERE id = ?')
      .pluck()
      .get(row.decisionId) as number;
    if (!appealed.has(epaId)) return { decisionId: row.decisionId, epaId, grade: row.grade };
  }
  throw new Error('no queued Pass left on an EPA without an appeal');
}

function appealAbout(
  d: { decisionId: number; epaId: number },
  kind: 'appeal' | 'enquiry' = 'appeal',
) {
  return logAppeal(app.ctx, {
    epaId: d.epaId,
    kind,
    type: 'result',
    appellantKind: 'apprentice',
    appellantName: 'Sam Appellant',
    authorisations: [],
    receivedDate: '2026-11-18',
    grounds: ['criteria_misapplied'],
    description: 'The distinction criteria were not applied to my project.',
    decisionIds: [d.decisionId],
  });
}

const queueRow = (decisionId: number) => queue('all').rows.find((r) => r.decisionId === decisionId);

function decisionNow(decisionId: number): { grade: string; status: string } {
  return app.ctx.sqlite
    .prepare('SELECT grade, status FROM decisions WHERE id = ?')
    .get(decisionId) as { grade: string; status: string };
}

function newUser(name: string): number {
  return Number(
    app.ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES (?, 'moderator')").run(name)
      .lastInsertRowid,
  );
}

type Input = Parameters<typeof saveModeration>[1];
const regrade = (decisionId: number, moderatedGrade = 'Distinction'): Input => ({
  decisionId,
  activity: 'documentation_review',
  criteria: [],
  moderatedGrade,
  outcome: 'grade_changed_criteria_misapplied',
  actions: [],
});
const agree = (decisionId: number): Input => ({
  decisionId,
  activity: 'documentation_review',
  criteria: [],
  moderatedGrade: 'Pass',
  outcome: 'agreed',
  actions: [],
});
const referBack = (decisionId: number): Input => ({
  decisionId,
  activity: 'documentation_review',
  criteria: [],
  moderatedGrade: 'Pass',
  outcome: 'referred_back',
  feedback: 'Please look again at the evidence for PD3.',
  actions: [],
});

describe('a decision under an open enquiry or appeal', () => {
  it('cannot be moderated to another grade: nothing is recorded, changed, released or audited', () => {
    const d = queuedPass();
    const appeal = appealAbout(d);
    const refusal = `This decision is under appeal: ${appeal.ref} is open, with the status received. The grade is for the appeal to decide; moderate it once the appeal is decided or withdrawn.`;
    // Said before the moderator fills the form, as the screen shows it.
    expect(moderationContext(app.ctx, d.decisionId).canModerate).toEqual({
      allowed: false,
      reason: refusal,
    });
    const before = { toDo: queue('to_do').total, done: queue('done').total };
    const audited = listAudit(app.ctx, { limit: 1 })[0]?.id;

    expect(() => saveModeration(app.ctx, regrade(d.decisionId))).toThrow(refusal);
    expect(decisionNow(d.decisionId)).toEqual({ grade: 'Pass', status: 'sampled' });
    expect(moderationContext(app.ctx, d.decisionId).records).toEqual([]);
    expect({ toDo: queue('to_do').total, done: queue('done').total }).toEqual(before);
    expect(listAudit(app.ctx, { limit: 1 })[0]?.id).toBe(audited);
  });

  it('stays in the queue as to do, marked with the appeal that stops it', () => {
    const d = queuedPass();
    const before = queue('to_do').total;
    expect(queueRow(d.decisionId)?.openAppeal).toBeNull();
    const appeal = appealAbout(d);
    expect(queueRow(d.decisionId)).toMatchObject({
      status: 'to_do',
      openAppeal: { ref: appeal.ref, kind: 'appeal', status: 'received' },
    });
    expect(queue('to_do').total).toBe(before);
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'withdraw' });
    expect(queueRow(d.decisionId)).toMatchObject({ status: 'to_do', openAppeal: null });
  });

  it('cannot be agreed (which would release it) or referred back either, under an enquiry about results', () => {
    const d = queuedPass();
    const enquiry = appealAbout(d, 'enquiry');
    const refusal = `This decision is under an enquiry about results: ${enquiry.ref} is open, with the status received. The grade is for the enquiry about results to decide; moderate it once the enquiry about results is decided or withdrawn.`;
    expect(() => saveModeration(app.ctx, agree(d.decisionId))).toThrow(refusal);
    expect(() => saveModeration(app.ctx, referBack(d.decisionId))).toThrow(refusal);
    // Nor with a date from before it was received: the save would still release it now.
    expect(() =>
      saveModeration(app.ctx, { ...agree(d.decisionId), moderationDate: '2026-11-02' }),
    ).toThrow(refusal);
    expect(decisionNow(d.decisionId)).toEqual({ grade: 'Pass', status: 'sampled' });
    expect(moderationContext(app.ctx, d.decisionId).records).toEqual([]);
  });

  it('is blocked while each stage is deciding, not once a stage has decided, and again when escalated', () => {
    const d = queuedPass();
    const appeal = appealAbout(d);
    const reason = () => moderationContext(app.ctx, d.decisionId).canModerate;
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'acknowledge' });
    expect(reason().reason).toContain(`${appeal.ref} is open, with the status acknowledged.`);
    assignReviewer(app.ctx, {
      appealId: appeal.id,
      userId: newUser(`Stage One Reviewer ${appeal.id}`),
      independentOfEpao: false,
    });
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'start_review' });
    expect(reason().reason).toContain(
      `${appeal.ref} is open, with the status under review (stage 1).`,
    );
    decideAppeal(app.ctx, {
      appealId: appeal.id,
      outcome: 'not_upheld',
      reason: 'The criteria were applied as written.',
      gradeChanges: [],
      systemicFailure: false,
    });
    // Stage 1 has had its say: IQA may moderate (as the import takes a row after the decision).
    expect(reason()).toEqual({ allowed: true, reason: null });
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'escalate' });
    expect(reason()).toEqual({
      allowed: false,
      reason: `This decision is under appeal: ${appeal.ref} is open, with the status escalated (stage 2 panel). The grade is for the appeal to decide; moderate it once the appeal is decided or withdrawn.`,
    });
    expect(() => saveModeration(app.ctx, regrade(d.decisionId))).toThrow(
      /with the status escalated \(stage 2 panel\)/,
    );
    expect(decisionNow(d.decisionId)).toEqual({ grade: 'Pass', status: 'sampled' });
  });

  it('can be moderated once the appeal is withdrawn: the grade changes and the queue counts it done', () => {
    const d = queuedPass();
    const appeal = appealAbout(d);
    expect(() => saveModeration(app.ctx, regrade(d.decisionId))).toThrow(/is open/);
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'withdraw', note: 'Changed mind' });
    expect(moderationContext(app.ctx, d.decisionId).canModerate.allowed).toBe(true);
    const before = { toDo: queue('to_do').total, done: queue('done').total };
    const saved = saveModeration(app.ctx, regrade(d.decisionId));
    expect(saved.gradeChanged).toBe(true);
    expect(decisionNow(d.decisionId)).toEqual({ grade: 'Distinction', status: 'released' });
    expect(queue('done').total).toBe(before.done + 1);
    expect(queue('to_do').total).toBeGreaterThanOrEqual(before.toDo - 1);
    const record = listAudit(app.ctx, { limit: 50 }).find(
      (a) => a.action === 'moderation.record' && a.entityId === String(d.decisionId),
    );
    expect(record?.actor).toBe('Priya Shah');
    // An appeal after the moderation (as results are appealed) does not mark a done item.
    appealAbout(d);
    expect(queueRow(d.decisionId)).toMatchObject({ status: 'done', openAppeal: null });
  });

  it('does not stop moderating another method of the same EPA, which the appeal is not about', () => {
    const d = queuedPass();
    const other = app.ctx.sqlite
      .prepare('SELECT id FROM decisions WHERE epa_id = ? AND id <> ? ORDER BY id LIMIT 1')
      .pluck()
      .get(d.epaId, d.decisionId) as number;
    appealAbout({ decisionId: other, epaId: d.epaId });
    expect(moderationContext(app.ctx, d.decisionId).canModerate).toEqual({
      allowed: true,
      reason: null,
    });
    expect(saveModeration(app.ctx, agree(d.decisionId)).gradeChanged).toBe(false);
    expect(decisionNow(d.decisionId).status).toBe('released');
  });
});

describe('a moderation saved with an earlier date', () => {
  /** A queued Pass whose appeal was decided today, raising it to Distinction. */
  function regradedByAppeal() {
    const d = queuedPass();
    const appeal = appealAbout(d);
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'acknowledge' });
    assignReviewer(app.ctx, {
      appealId: appeal.id,
      userId: newUser(`Backdate Reviewer ${appeal.id}`),
      independentOfEpao: false,
    });
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'start_review' });
    decideAppeal(app.ctx, {
      appealId: appeal.id,
      outcome: 'upheld',
      reason: 'The distinction criteria were met.',
      gradeChanges: [{ decisionId: d.decisionId, grade: 'Distinction' }],
      systemicFailure: false,
    });
    return { ...d, appeal };
  }

  it('cannot be dated before the assessment it moderates', () => {
    const d = queuedPass();
    const assessed = app.ctx.sqlite
      .prepare('SELECT assessment_date FROM decisions WHERE id = ?')
      .pluck()
      .get(d.decisionId) as string;
    const dayBefore = new Date(Date.parse(`${assessed}T12:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(() =>
      saveModeration(app.ctx, { ...agree(d.decisionId), moderationDate: dayBefore }),
    ).toThrow(/^The moderation date \(.+\) is before the assessment itself \(.+\)\.$/);
    expect(moderationContext(app.ctx, d.decisionId).records).toEqual([]);
    // The day of the assessment itself is allowed.
    saveModeration(app.ctx, { ...agree(d.decisionId), moderationDate: assessed });
    expect(moderationContext(app.ctx, d.decisionId).records).toHaveLength(1);
  });

  it('cannot come from before an appeal decided since that changed the grade, as an imported row cannot', () => {
    const d = regradedByAppeal();
    expect(decisionNow(d.decisionId).grade).toBe('Distinction');
    const audited = listAudit(app.ctx, { limit: 1 })[0]?.id;
    expect(() =>
      saveModeration(app.ctx, {
        ...regrade(d.decisionId, 'Pass'),
        moderationDate: '2026-11-19',
      }),
    ).toThrow(
      `This moderation (19 November 2026) is older than appeal ${d.appeal.ref}, decided on 20 November 2026, which changed the grade from Pass to Distinction; that decision stands, and history from before it cannot change or settle the grade it gave.`,
    );
    expect(decisionNow(d.decisionId).grade).toBe('Distinction');
    expect(moderationContext(app.ctx, d.decisionId).records).toEqual([]);
    expect(listAudit(app.ctx, { limit: 1 })[0]?.id).toBe(audited);
  });

  it('may be saved today, after the appeal, judging the grade the appeal gave', () => {
    const d = regradedByAppeal();
    const saved = saveModeration(app.ctx, {
      ...agree(d.decisionId),
      moderatedGrade: 'Distinction',
    });
    expect(saved.gradeChanged).toBe(false);
    expect(moderationContext(app.ctx, d.decisionId).records).toHaveLength(1);
  });
});
