import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/core/context';
import { loadDemoData } from '../../../src/main/demo/generate';
import {
  addEvidence,
  assignReviewer,
  decideAppeal,
  getAppeal,
  listAppeals,
  logAppeal,
  readEvidence,
  resitBookingProblem,
  transitionAppeal,
  upheldAppealRisk,
} from '../../../src/main/appeals/service';
import {
  addRemediation,
  systemicView,
  updateRemediation,
} from '../../../src/main/appeals/systemic';
import { exportRegister } from '../../../src/main/appeals/export';
import { confirmEpa, confirmationProblem } from '../../../src/main/epas/service';
import { setDecisionStatus } from '../../../src/main/sampling/plans';
import { readAssessors } from '../../../src/main/sampling/scope';
import { currentPolicy, setPolicy } from '../../../src/main/appeals/policy';
import { openTestApp, signInLead, type TestApp } from '../../support/context';

let app: TestApp;
let ctx: AppContext;

interface EpaPick {
  epaId: number;
  uln: string;
  decisions: { id: number; method: string; assessorId: number; grade: string }[];
}

function epaDecisions(epaId: number): EpaPick['decisions'] {
  return ctx.sqlite
    .prepare(
      `SELECT d.id, m.code AS method, d.assessor_id AS assessorId, d.grade FROM decisions d
       JOIN assessment_methods m ON m.id = d.method_id WHERE d.epa_id = ? ORDER BY m.code`,
    )
    .all(epaId) as EpaPick['decisions'];
}

/** A confirmed EPA with one attempt per method, every grade Pass, not yet appealed. */
function pickConfirmedAllPass(skip: number[] = []): EpaPick {
  const row = ctx.sqlite
    .prepare(
      `SELECT e.id AS epaId, p.uln FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
       WHERE e.status = 'confirmed' AND e.overall_grade = 'Pass'
         AND (SELECT count(*) FROM decisions d WHERE d.epa_id = e.id) = 3
         AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = e.id AND d.grade <> 'Pass')
         AND NOT EXISTS (SELECT 1 FROM appeals a WHERE a.epa_id = e.id)
         AND e.id NOT IN (SELECT value FROM json_each(?))
       ORDER BY e.id LIMIT 1`,
    )
    .get(JSON.stringify(skip)) as { epaId: number; uln: string };
  return { ...row, decisions: epaDecisions(row.epaId) };
}

function newUser(name: string, role = 'moderator', assessorId: number | null = null): number {
  return Number(
    ctx.sqlite
      .prepare('INSERT INTO users (name, role, assessor_id) VALUES (?, ?, ?)')
      .run(name, role, assessorId).lastInsertRowid,
  );
}

function log(epa: EpaPick, kind: 'appeal' | 'enquiry' = 'appeal', receivedDate = '2026-11-18') {
  return logAppeal(ctx, {
    epaId: epa.epaId,
    kind,
    type: 'result',
    appellantKind: 'apprentice',
    appellantName: 'Sam Appellant',
    authorisations: [],
    receivedDate,
    grounds: ['criteria_misapplied'],
    description: 'The distinction criteria were not applied to my project.',
    decisionIds: [],
  });
}

beforeAll(async () => {
  app = await openTestApp();
  ctx = app.ctx;
  signInLead(ctx);
  loadDemoData(ctx, { epas: 160, seed: 11 });
}, 120_000);

afterAll(() => app.close());

describe('logging an appeal', () => {
  it('records the policy in force, the lodging window and the late flag, and blocks a second open one', () => {
    const epa = pickConfirmedAllPass();
    const result = ctx.sqlite
      .prepare('SELECT substr(confirmed_at, 1, 10) FROM epas WHERE id = ?')
      .pluck()
      .get(epa.epaId) as string;
    const a = log(epa);
    expect(a.ref).toBe('A-2026-001');
    expect(a.status).toBe('received');
    expect(a.policyVersion).toBe('default-1');
    expect(a.resultDate).toBe(result);
    expect(a.decisions.map((d) => d.method).sort()).toEqual(['O', 'PD', 'WBP']);
    // Received Wed 18 Nov 2026; acknowledge within 5 working days: Thu 19 (1), Fri 20 (2),
    // Mon 23 (3), Tue 24 (4), Wed 25 (5). Today (fixed clock) is Fri 20 Nov: 3 working days left.
    expect(a.deadline).toMatchObject({
      label: 'Acknowledge',
      dueDate: '2026-11-25',
      daysRemaining: 3,
      urgency: 'due_soon',
    });
    expect(a.history.map((h) => h.action)).toEqual(['appeal.log']);
    expect(() => log(epa, 'enquiry')).toThrow(/already has an open appeal \(A-2026-001\)/);
    // One open per EPA is also a database rule.
    expect(() =>
      ctx.sqlite
        .prepare(
          `INSERT INTO appeals (ref, kind, type, epa_id, appellant_kind, appellant_name, result_date, received_date,
             lodge_by, grounds_json, description, logged_by, policy_version, policy_json)
           VALUES ('X', 'appeal', 'result', ?, 'apprentice', 'x', '2026-01-01', '2026-01-01', '2026-01-01', '[]', 'x', 'x', 'x', '{}')`,
        )
        .run(epa.epaId),
    ).toThrow(/UNIQUE/);
    transitionAppeal(ctx, { appealId: a.id, action: 'withdraw', note: 'test tidy-up' });
  });

  it('flags a late appeal but does not refuse it', () => {
    const epa = pickConfirmedAllPass();
    const a = logAppeal(ctx, {
      epaId: epa.epaId,
      kind: 'appeal',
      type: 'result',
      appellantKind: 'apprentice',
      appellantName: 'Late Larry',
      authorisations: [],
      // Result Fri 2 Oct 2026 + 20 working days = Fri 30 Oct (no holidays in between).
      resultDate: '2026-10-02',
      receivedDate: '2026-11-02',
      grounds: ['other'],
      description: 'Late but allowed.',
      decisionIds: [],
    });
    expect(a.lodgeBy).toBe('2026-10-30');
    expect(a.late).toBe(true);
    transitionAppeal(ctx, { appealId: a.id, action: 'withdraw' });
  });

  it('needs the apprentice’s consent when an employer appeals, and a known ground', () => {
    const epa = pickConfirmedAllPass();
    const base = {
      epaId: epa.epaId,
      kind: 'appeal' as const,
      type: 'result' as const,
      appellantName: 'Acme Ltd',
      receivedDate: '2026-11-18',
      description: 'x',
      decisionIds: [],
    };
    expect(() =>
      logAppeal(ctx, { ...base, appellantKind: 'employer', authorisations: [], grounds: ['bias'] }),
    ).toThrow(/only with the apprentice's consent/);
    expect(() =>
      logAppeal(ctx, {
        ...base,
        appellantKind: 'apprentice',
        authorisations: [],
        grounds: ['made_up'],
      }),
    ).toThrow(/Unknown ground/);
  });
});

describe('the state machine, attributed and audited', () => {
  it('refuses illegal transitions with the reason and leaves no trace', () => {
    const epa = pickConfirmedAllPass();
    const a = log(epa);
    const before = ctx.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();
    expect(() => transitionAppeal(ctx, { appealId: a.id, action: 'escalate' })).toThrow(
      /Escalate to stage 2 panel is not possible while it is received/,
    );
    expect(() => transitionAppeal(ctx, { appealId: a.id, action: 'close' })).toThrow(
      /Close is not possible while it is received: only when decided/,
    );
    transitionAppeal(ctx, { appealId: a.id, action: 'acknowledge', on: '2026-11-19' });
    // Review needs a reviewer first.
    expect(() => transitionAppeal(ctx, { appealId: a.id, action: 'start_review' })).toThrow(
      /assign a reviewer for stage 1/,
    );
    expect(ctx.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(
      (before as number) + 1,
    );
    const after = transitionAppeal(ctx, {
      appealId: a.id,
      action: 'withdraw',
      note: 'changed mind',
    });
    expect(after.status).toBe('withdrawn');
    expect(after.outcome).toBe('withdrawn');
    expect(after.history.map((h) => [h.action, h.actor])).toEqual([
      ['appeal.log', 'Priya Shah'],
      ['appeal.acknowledge', 'Priya Shah'],
      ['appeal.withdraw', 'Priya Shah'],
    ]);
    expect(() => transitionAppeal(ctx, { appealId: a.id, action: 'acknowledge' })).toThrow(
      /while it is withdrawn/,
    );
  });
});

describe('independence of reviewers', () => {
  it('refuses the assessor, the moderator, an earlier-stage reviewer and a declared conflict, each explained', () => {
    // An EPA whose decision was moderated by a member of staff.
    const moderated = ctx.sqlite
      .prepare(
        `SELECT e.id AS epaId, d.id AS decisionId, d.assessor_id AS assessorId, r.moderator_user_id AS moderatorId,
           m.code AS method, r.moderation_date AS date
         FROM moderation_records r JOIN decisions d ON d.id = r.decision_id JOIN epas e ON e.id = d.epa_id
         JOIN assessment_methods m ON m.id = d.method_id
         WHERE r.moderator_user_id IS NOT NULL AND e.status = 'confirmed'
           AND NOT EXISTS (SELECT 1 FROM appeals a WHERE a.epa_id = e.id)
         ORDER BY e.id LIMIT 1`,
      )
      .get() as {
      epaId: number;
      decisionId: number;
      assessorId: number;
      moderatorId: number;
      method: string;
      date: string;
    };
    expect(moderated).toBeDefined();
    const uln = ctx.sqlite
      .prepare(
        'SELECT p.uln FROM epas e JOIN apprentices p ON p.id = e.apprentice_id WHERE e.id = ?',
      )
      .pluck()
      .get(moderated.epaId) as string;
    const a = logAppeal(ctx, {
      epaId: moderated.epaId,
      kind: 'appeal',
      type: 'result',
      appellantKind: 'apprentice',
      appellantName: 'Ind Test',
      authorisations: [],
      receivedDate: '2026-11-18',
      grounds: ['bias'],
      description: 'x',
      decisionIds: [moderated.decisionId],
    });
    transitionAppeal(ctx, { appealId: a.id, action: 'acknowledge' });

    const assessorUser = newUser('Assessing Annie', 'moderator', moderated.assessorId);
    const assessorRef = ctx.sqlite
      .prepare('SELECT ref FROM assessors WHERE id = ?')
      .pluck()
      .get(moderated.assessorId);
    expect(() =>
      assignReviewer(ctx, { appealId: a.id, userId: assessorUser, independentOfEpao: false }),
    ).toThrow(
      `Assessing Annie is the assessor (${String(assessorRef)}) of the ${moderated.method} decision being appealed, so cannot review it.`,
    );
    const moderatorName = ctx.sqlite
      .prepare('SELECT name FROM users WHERE id = ?')
      .pluck()
      .get(moderated.moderatorId);
    expect(() =>
      assignReviewer(ctx, {
        appealId: a.id,
        userId: moderated.moderatorId,
        independentOfEpao: false,
      }),
    ).toThrow(
      `${String(moderatorName)} moderated the ${moderated.method} decision being appealed (on ${moderated.date}), so cannot review it.`,
    );

    const conflicted = newUser('Conflicted Carl');
    ctx.sqlite
      .prepare(
        "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on) VALUES ('user', ?, 'apprentice', ?, '2026-01-05')",
      )
      .run(conflicted, uln);
    expect(() =>
      assignReviewer(ctx, { appealId: a.id, userId: conflicted, independentOfEpao: false }),
    ).toThrow(
      `Conflicted Carl declared a conflict of interest with the apprentice (ULN ${uln}) on 5 January 2026, so cannot review this appeal.`,
    );
    expect(() =>
      assignReviewer(ctx, { appealId: a.id, userId: conflicted, independentOfEpao: true }),
    ).toThrow(/cannot be recorded as independent of the EPAO/);

    const stage1 = newUser('Stage One Sue');
    assignReviewer(ctx, { appealId: a.id, userId: stage1, independentOfEpao: false });
    transitionAppeal(ctx, { appealId: a.id, action: 'start_review' });
    // A stage 1 decision cannot close the appeal without an independent decision-maker.
    decideAppeal(ctx, {
      appealId: a.id,
      outcome: 'not_upheld',
      reason: 'Criteria applied correctly.',
      gradeChanges: [],
      systemicFailure: false,
    });
    expect(() => transitionAppeal(ctx, { appealId: a.id, action: 'close' })).toThrow(
      /needs at least one decision-maker independent of the EPAO.*Add one to stage 1, or escalate to the stage 2 panel/,
    );
    const escalated = transitionAppeal(ctx, { appealId: a.id, action: 'escalate' });
    expect(escalated.stage).toBe(2);
    expect(() =>
      assignReviewer(ctx, { appealId: a.id, userId: stage1, independentOfEpao: false }),
    ).toThrow('Stage One Sue reviewed stage 1 of this appeal, so cannot review a later stage.');
    // Stage 2 with only staff: the decision is refused.
    assignReviewer(ctx, { appealId: a.id, userId: newUser('Panel Pat'), independentOfEpao: false });
    expect(() =>
      decideAppeal(ctx, {
        appealId: a.id,
        outcome: 'not_upheld',
        reason: 'x',
        gradeChanges: [],
        systemicFailure: false,
      }),
    ).toThrow(
      /needs at least one decision-maker independent of the EPAO.*Add one to the stage 2 panel\.$/,
    );
    assignReviewer(ctx, {
      appealId: a.id,
      name: 'Dr Ira Independent',
      independentOfEpao: true,
      competence: 'Former Ofqual-recognised assessor, 10 years',
    });
    const decided = decideAppeal(ctx, {
      appealId: a.id,
      outcome: 'not_upheld',
      reason: 'Panel agreed with stage 1.',
      gradeChanges: [],
      systemicFailure: false,
    });
    expect(decided.decidedStage).toBe(2);
    expect(decided.actions).toEqual(['close', 'withdraw']);
    expect(transitionAppeal(ctx, { appealId: a.id, action: 'close' }).status).toBe('closed');
  });
});

describe('an upheld appeal', () => {
  it('changes grades, flows to the overall grade and the audit log, and flags certificate re-issue', () => {
    const epa = pickConfirmedAllPass();
    const a = log(epa);
    // Open appeal: no confirmation (already confirmed here, so check a re-sit booking) and no re-sit.
    expect(resitBookingProblem(ctx, epa.epaId)).toMatch(
      /open appeal \(A-2026-\d{3}, received\): it cannot be booked for a re-sit/,
    );
    transitionAppeal(ctx, { appealId: a.id, action: 'acknowledge' });
    assignReviewer(ctx, {
      appealId: a.id,
      userId: newUser('Reviewer Rae'),
      independentOfEpao: false,
    });
    assignReviewer(ctx, { appealId: a.id, name: 'Ms Olu External', independentOfEpao: true });
    transitionAppeal(ctx, { appealId: a.id, action: 'start_review' });
    expect(() =>
      decideAppeal(ctx, {
        appealId: a.id,
        outcome: 'upheld',
        reason: 'x',
        gradeChanges: [],
        systemicFailure: false,
      }),
    ).toThrow(/needs the new grade for each affected method/);
    expect(() =>
      decideAppeal(ctx, {
        appealId: a.id,
        outcome: 'not_upheld',
        reason: 'x',
        gradeChanges: [{ decisionId: epa.decisions[0]!.id, grade: 'Distinction' }],
        systemicFailure: false,
      }),
    ).toThrow(/only an upheld or partially upheld outcome changes grades/);
    const auditBefore = ctx.sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    // Pass, Pass, Pass → Distinction in all three: by the rule (all Distinction) the overall grade is Distinction.
    const decided = decideAppeal(ctx, {
      appealId: a.id,
      outcome: 'upheld',
      reason: 'Distinction criteria met in every method.',
      gradeChanges: epa.decisions.map((d) => ({ decisionId: d.id, grade: 'Distinction' })),
      systemicFailure: true,
      systemicNote: 'Assessor misread the distinction descriptors.',
    });
    expect(decided.overallGrade).toBe('Distinction');
    expect(decided.certificateReissue).toBe(true);
    expect(decided.gradeChanges.map((g) => [g.method, g.oldGrade, g.newGrade])).toEqual([
      ['O', 'Pass', 'Distinction'],
      ['PD', 'Pass', 'Distinction'],
      ['WBP', 'Pass', 'Distinction'],
    ]);
    expect(decided.gradeChanges.at(-1)).toMatchObject({
      overallBefore: 'Pass',
      overallAfter: 'Distinction',
    });
    expect(epaDecisions(epa.epaId).map((d) => d.grade)).toEqual([
      'Distinction',
      'Distinction',
      'Distinction',
    ]);
    const audit = ctx.sqlite
      .prepare(
        'SELECT action, entity, before_json AS b, after_json AS a FROM audit_log WHERE id > ? ORDER BY id',
      )
      .all(auditBefore) as { action: string; entity: string; b: string | null; a: string | null }[];
    const actions = audit.map((r) => r.action);
    expect(actions.filter((x) => x === 'decision.grade-change')).toHaveLength(3);
    expect(actions).toContain('appeal.decide');
    expect(actions).toContain('epa.certificate-reissue');
    const overall = audit.find((r) => r.action === 'epa.overall-grade');
    expect(JSON.parse(overall!.b!)).toMatchObject({ overallGrade: 'Pass' });
    expect(JSON.parse(overall!.a!)).toMatchObject({
      overallGrade: 'Distinction',
      status: 'confirmed',
    });
    const gradeChange = audit.find((r) => r.action === 'decision.grade-change');
    expect(JSON.parse(gradeChange!.a!).reason).toMatch(/appeal A-2026-\d{3} upheld/);

    // Systemic failure: other decisions of the same assessor, method and version nearby.
    const view = systemicView(ctx, a.id);
    expect(view.systemicFailure).toBe(true);
    expect(view.candidates.length).toBeGreaterThan(0);
    expect(view.candidates[0]?.why).toContain(
      'same assessor, method and standard version within 90 days',
    );
    expect(view.candidates.every((c) => !epa.decisions.some((d) => d.id === c.decisionId))).toBe(
      true,
    );
    const first = view.candidates[0]!;
    const listed = addRemediation(ctx, {
      appealId: a.id,
      decisionIds: [first.decisionId],
      action: 'Re-mark the project',
    });
    expect(listed.progress).toEqual({ done: 0, total: 1 });
    const done = updateRemediation(ctx, {
      remediationId: listed.remediation[0]!.id,
      status: 'done',
      note: 'Re-marked',
    });
    expect(done.progress).toEqual({ done: 1, total: 1 });

    // Sampling risk in the next plan: decided on 2026-11-20, so a plan from 2026-12-01 sees it.
    const risk = upheldAppealRisk(
      ctx,
      { from: '2026-12-01', to: '2026-12-31', previousFrom: '2026-10-31' },
      [],
    );
    expect(risk.get(epa.decisions[0]!.assessorId)?.[0]?.code).toBe('upheld_appeal');
    const none = upheldAppealRisk(
      ctx,
      { from: '2026-11-01', to: '2026-11-30', previousFrom: '2026-10-02' },
      [],
    );
    expect(none.has(epa.decisions[0]!.assessorId)).toBe(false);

    // Through the registered hook, as the sampling plan reads it.
    const scoped = readAssessors(ctx, [epa.decisions[0]!.assessorId], {
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(scoped[0]?.risks.map((r) => r.code)).toContain('upheld_appeal');

    transitionAppeal(ctx, { appealId: a.id, action: 'close' });
    expect(resitBookingProblem(ctx, epa.epaId)).toBeNull();
  });

  it('can lower a grade on an enquiry about results; the EPA cannot be confirmed while it is open', () => {
    const awaiting = ctx.sqlite
      .prepare(
        `SELECT e.id FROM epas e WHERE e.status = 'awaiting_confirmation' AND e.overall_grade = 'Pass'
           AND (SELECT count(*) FROM decisions d WHERE d.epa_id = e.id) = 3
           AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = e.id AND d.grade = 'Fail')
           AND NOT EXISTS (SELECT 1 FROM appeals a WHERE a.epa_id = e.id) ORDER BY e.id LIMIT 1`,
      )
      .pluck()
      .get() as number | undefined;
    // Release its decisions as a published plan would, so only the enquiry stands in the way.
    for (const d of epaDecisions(awaiting!))
      ctx.sqlite
        .transaction(() => setDecisionStatus(ctx, d.id, 'released', 'test: not sampled'))
        .immediate();
    expect(awaiting).toBeDefined();
    const epa: EpaPick = { epaId: awaiting!, uln: '', decisions: epaDecisions(awaiting!) };
    expect(confirmationProblem(ctx, epa.epaId)).toBeNull();
    const e = log(epa, 'enquiry');
    expect(e.ref).toMatch(/^E-2026-\d{3}$/);
    expect(confirmationProblem(ctx, epa.epaId)).toMatch(
      /open enquiry about results \(E-2026-\d{3}, received\)/,
    );
    expect(() => confirmEpa(ctx, epa.epaId)).toThrow(
      /cannot be confirmed until the enquiry about results is closed/,
    );
    assignReviewer(ctx, {
      appealId: e.id,
      userId: newUser('Enquiry Reviewer'),
      independentOfEpao: false,
    });
    transitionAppeal(ctx, { appealId: e.id, action: 'start_review' });
    const pd = epa.decisions.find((d) => d.method === 'PD')!;
    // Lowering one method to Fail: any Fail gives an overall Fail.
    const decided = decideAppeal(ctx, {
      appealId: e.id,
      outcome: 'upheld',
      reason: 'Review of marking found a criterion not met.',
      gradeChanges: [{ decisionId: pd.id, grade: 'Fail' }],
      systemicFailure: false,
    });
    expect(decided.overallGrade).toBe('Fail');
    expect(decided.certificateReissue).toBe(false);
    transitionAppeal(ctx, { appealId: e.id, action: 'close' });
    expect(confirmationProblem(ctx, epa.epaId)).toBeNull();
    // An appeal after the enquiry runs from the enquiry outcome (decided today, Fri 20 Nov):
    // + 20 working days = Fri 18 Dec 2026.
    const appeal = log(epa, 'appeal', '2026-11-20');
    expect(appeal).toMatchObject({ resultDate: '2026-11-20', lodgeBy: '2026-12-18', late: false });
    transitionAppeal(ctx, { appealId: appeal.id, action: 'withdraw' });
  });
});

describe('evidence, lists and the register', () => {
  it('stores evidence beside the database with its sha256', () => {
    const epa = pickConfirmedAllPass();
    const a = log(epa);
    const d = addEvidence(ctx, {
      appealId: a.id,
      fileName: 'letter.txt',
      base64: Buffer.from('hello').toString('base64'),
    });
    // sha256("hello"), computed independently.
    expect(d.evidence[0]).toMatchObject({
      fileName: 'letter.txt',
      sizeBytes: 5,
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    });
    const folder = path.join(app.dir, 'appeal-evidence', a.ref);
    expect(fs.readdirSync(folder)).toEqual(['2cf24dba5fb0a30e-letter.txt']);
    expect(readEvidence(ctx, d.evidence[0]!.id)).toEqual({
      fileName: 'letter.txt',
      base64: Buffer.from('hello').toString('base64'),
    });
    fs.writeFileSync(path.join(folder, '2cf24dba5fb0a30e-letter.txt'), 'hellO');
    expect(() => readEvidence(ctx, d.evidence[0]!.id)).toThrow(/has changed since it was attached/);
    expect(listAppeals(ctx, { openOnly: true }).rows.map((r) => r.ref)).toContain(a.ref);
    transitionAppeal(ctx, { appealId: a.id, action: 'withdraw' });
    expect(listAppeals(ctx, { openOnly: true }).rows.map((r) => r.ref)).not.toContain(a.ref);
    expect(getAppeal(ctx, a.id).history.map((h) => h.action)).toEqual([
      'appeal.log',
      'appeal.add-evidence',
      'appeal.withdraw',
    ]);
  });

  it('exports the year as CSV with neutralised cells and as a PDF with counts', async () => {
    const epa = pickConfirmedAllPass();
    logAppeal(ctx, {
      epaId: epa.epaId,
      kind: 'appeal',
      type: 'sanction',
      appellantKind: 'apprentice',
      appellantName: '=HYPERLINK("http://evil")',
      authorisations: [],
      receivedDate: '2026-11-19',
      grounds: ['maladministration'],
      description: 'x',
      decisionIds: [],
    });
    const csv = Buffer.from(
      (await exportRegister(ctx, { year: 2026, format: 'csv' })).base64,
      'base64',
    ).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"") (apprentice)"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).toContain('Outcome,Count');
    expect(csv).toMatch(/\r\nUpheld,2\r\n/);
    const pdf = await exportRegister(ctx, { year: 2026, format: 'pdf' });
    const file = path.join(app.dir, pdf.fileName);
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Appeals register 2026');
    expect(text).toContain('By outcome');
    expect(text).toMatch(/Upheld: 2/);
    expect(text).toContain('Maladministration: 1');
    expect(text).toContain('By assessor');
  });
});

describe('the appeals policy', () => {
  it('is versioned: a new appeal keeps the deadlines in force when logged, old ones keep theirs', () => {
    const before = listAppeals(ctx, { openOnly: false }).rows.map((r) => r.id);
    const old = currentPolicy(ctx);
    const view = setPolicy(ctx, {
      ...old,
      deadlines: { ...old.deadlines, acknowledge: { days: 3, unit: 'calendar' } },
    });
    expect(view.policy.version).toBe('2026-11-20-2');
    const epa = pickConfirmedAllPass();
    const a = log(epa);
    expect(a.policyVersion).toBe('2026-11-20-2');
    // Wed 18 Nov + 3 calendar days = Sat 21 Nov; today is Fri 20 Nov, 1 day left.
    expect(a.deadline).toMatchObject({ dueDate: '2026-11-21', unit: 'calendar', daysRemaining: 1 });
    for (const id of before) expect(getAppeal(ctx, id).policyVersion).toBe('default-1');
  });
});
