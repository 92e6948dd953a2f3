/**
 * Moderation history imported as an IQA lead's real export gives it: moderators typed in other
 * capitals or given by their assessor reference, history that predates (or is of the day of) a
 * grade the source system, an enquiry or an appeal has changed or decided since, or that is dated
 * while an appeal is still deciding the grade. Each case is one a moderation in the app would not
 * get wrong.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assignReviewer,
  decideAppeal,
  logAppeal,
  transitionAppeal,
} from '../../../src/main/appeals/service';
import { listRecords } from '../../../src/main/moderation/records';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { epaRows, header, row, writeCsv, writeXlsx, type Cell } from './files';
import { addModerator, importFile, importTwoEpas, problemLines, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
  standardise(app.ctx.sqlite);
  await importTwoEpas(app.ctx, app.dir);
});
afterEach(() => app.close());

let files = 0;
const moderationFile = (rows: Record<string, Cell>[]): string =>
  writeCsv(path.join(app.dir, `moderation-${++files}.csv`), [
    header('moderation'),
    ...rows.map((r) =>
      row('moderation', { moderator: 'Jordan Ellis', activity: 'Documentation review', ...r }),
    ),
  ]);

const idOf = (ref: string): number =>
  app.ctx.sqlite
    .prepare('SELECT id FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as number;

const stateOf = (ref: string): { grade: string; status: string; flags: string | null } =>
  app.ctx.sqlite
    .prepare(
      `SELECT d.grade, d.status, (SELECT group_concat(f.code) FROM compliance_flags f
         WHERE f.decision_id = d.id) AS flags FROM decisions d WHERE d.decision_ref = ?`,
    )
    .get(ref) as { grade: string; status: string; flags: string | null };

const moderatorNames = (): string[] =>
  app.ctx.sqlite
    .prepare('SELECT DISTINCT moderator_name FROM moderation_records ORDER BY 1')
    .pluck()
    .all() as string[];

describe('a moderator who is not a user of the app, typed in other capitals', () => {
  it('is stored as one moderator, so finding their other decisions finds them all', async () => {
    // The export was kept by hand: one person, three spellings, across a workbook and a CSV.
    // Nobody called Ruth Patel uses IQA Desk (history from before it).
    const workbook = await writeXlsx(path.join(app.dir, 'moderation.xlsx'), [
      {
        name: 'Moderations',
        rows: [
          header('moderation'),
          row('moderation', {
            decision_ref: 'R2-O-1',
            moderator: 'Ruth Patel',
            moderation_date: new Date(Date.UTC(2026, 2, 10)),
            activity: 'Documentation review',
            moderated_grade: 'Pass',
          }),
          row('moderation', {
            decision_ref: 'R2-WBP-1',
            moderator: 'RUTH PATEL ',
            moderation_date: new Date(Date.UTC(2026, 2, 11)),
            activity: 'Observed live',
            moderated_grade: 'pass',
          }),
        ],
        formats: { moderation_date: 'dd/mm/yyyy' },
      },
    ]);
    const first = await importFile(app.ctx, 'moderation', workbook);
    expect(first.counts).toMatchObject({ new: 2, rejected: 0 });
    const later = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-PD-1',
          moderator: 'ruth  patel',
          moderation_date: '12/03/2026',
          moderated_grade: 'P',
        },
      ]),
    );
    expect(later.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(later.preview[0]?.values.moderator).toBe('Ruth Patel');

    // Before: 'Ruth Patel', 'RUTH PATEL' and 'ruth patel', three moderators to every query that
    // matches a name exactly (the systemic-failure search for an appeal's moderator's other
    // decisions among them).
    expect(moderatorNames()).toEqual(['Ruth Patel']);
    expect(listRecords(app.ctx, idOf('R2-WBP-1'))[0]?.moderatorName).toBe('Ruth Patel');
  });

  it('takes the first spelling the file gives when nobody of that name is recorded yet', async () => {
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        // Listed first, applied last (its decision's reference sorts after the other's).
        {
          decision_ref: 'R2-WBP-1',
          moderator: 'sam okafor',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
        {
          decision_ref: 'R2-O-1',
          moderator: 'SAM OKAFOR',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 2, rejected: 0 });
    expect(moderatorNames()).toEqual(['sam okafor']);
  });
});

describe('moderation history older than a grade the source system changed since', () => {
  it('does not settle the decision IQA is to moderate again at its new grade', async () => {
    // Moderated (agreed) on 10 March; then the source re-grades it, so it is back with IQA.
    const history = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R2-O-1', moderation_date: '2026-03-10', moderated_grade: 'Pass' },
      ]),
    );
    expect(history.counts).toMatchObject({ new: 1, rejected: 0 });
    const regraded = await importFile(
      app.ctx,
      'decisions',
      writeCsv(path.join(app.dir, 'regraded.csv'), [
        header('decisions'),
        ...epaRows(2, [{ grade: 'Distinction' }]),
      ]),
    );
    expect(regraded.heldAgain).toEqual([
      expect.objectContaining({ decisionRef: 'R2-O-1', before: 'Pass', after: 'Distinction' }),
    ]);
    expect(stateOf('R2-O-1')).toEqual({
      grade: 'Distinction',
      status: 'held',
      flags: 'regraded_after_moderation',
    });

    // A row the first file lacked: Ruth Patel's moderation of 12 March, which agreed the Pass
    // that stood then. Before, it was taken as a moderation of the Distinction, recorded as a
    // disagreement (Distinction moderated to Pass) that undid the source's new grade, released
    // the decision and cleared the flag, so nobody moderated the Distinction.
    const missed = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-O-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-12',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(missed.counts).toMatchObject({ new: 0, rejected: 1 });
    expect(problemLines(missed, 'error')).toEqual([
      "2 moderation_date: this moderation (12 March 2026) is older than the change of the decision's grade to Distinction recorded on 20 November 2026, so it did not moderate the Distinction; the decision is to be moderated again at Distinction",
    ]);
    expect(stateOf('R2-O-1')).toEqual({
      grade: 'Distinction',
      status: 'held',
      flags: 'regraded_after_moderation',
    });
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toHaveLength(1);

    // A moderation of the new grade, on or after the day it changed, settles it as before.
    const remoderated = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-O-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-11-20',
          moderated_grade: 'Distinction',
        },
      ]),
    );
    expect(remoderated.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(stateOf('R2-O-1')).toEqual({ grade: 'Distinction', status: 'released', flags: null });
    expect(listRecords(app.ctx, idOf('R2-O-1')).at(-1)).toMatchObject({
      originalGrade: 'Distinction',
      moderatedGrade: 'Distinction',
      outcome: 'agreed',
    });
  });
});

describe('moderation history older than an enquiry or appeal that changed the grade', () => {
  it('does not override the enquiry’s decision', async () => {
    // An enquiry about results on the observation before the EPA is confirmed, upheld on
    // 20 March: Pass became Distinction.
    const epaId = app.ctx.sqlite
      .prepare('SELECT epa_id FROM decisions WHERE decision_ref = ?')
      .pluck()
      .get('R2-O-1') as number;
    const enquiry = logAppeal(app.ctx, {
      epaId,
      kind: 'enquiry',
      type: 'result',
      appellantKind: 'apprentice',
      appellantName: 'Zoë Brontë',
      authorisations: [],
      receivedDate: '2026-03-10',
      grounds: ['criteria_misapplied'],
      description: 'The distinction criteria were not applied to my observation.',
      decisionIds: [idOf('R2-O-1')],
    });
    const reviewer = Number(
      app.ctx.sqlite
        .prepare("INSERT INTO users (name, role) VALUES ('Kim Reviewer', 'moderator')")
        .run().lastInsertRowid,
    );
    assignReviewer(app.ctx, { appealId: enquiry.id, userId: reviewer, independentOfEpao: false });
    transitionAppeal(app.ctx, { appealId: enquiry.id, action: 'start_review', on: '2026-03-12' });
    decideAppeal(app.ctx, {
      appealId: enquiry.id,
      outcome: 'upheld',
      reason: 'Distinction criteria met.',
      gradeChanges: [{ decisionId: idOf('R2-O-1'), grade: 'Distinction' }],
      systemicFailure: false,
      on: '2026-03-20',
    });
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Distinction', status: 'held' });

    // The history has a moderation of 5 March, before the enquiry, that agreed the Pass. Before,
    // it was taken as judging the Distinction: a disagreement that put the grade back to Pass,
    // undoing the enquiry's decision, and released the decision.
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R2-O-1', moderation_date: '2026-03-05', moderated_grade: 'Pass' },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 0, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      `2 moderation_date: this moderation (5 March 2026) is older than enquiry about results ${enquiry.ref}, decided on 20 March 2026, which changed the grade from Pass to Distinction; that decision stands, and history from before it cannot change or settle the grade it gave`,
    ]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Distinction', status: 'held' });
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toEqual([]);
  });
});

/** Audit entries other than the import batches' own. */
const auditRows = (): number =>
  app.ctx.sqlite
    .prepare("SELECT count(*) FROM audit_log WHERE action <> 'import.commit'")
    .pluck()
    .get() as number;

const epaOf = (ref: string): number =>
  app.ctx.sqlite
    .prepare('SELECT epa_id FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as number;

const newUser = (name: string, assessorRef?: string): number =>
  addModerator(app.ctx, name, assessorRef);

/**
 * An enquiry about results or an appeal about EPA 2's result (all three methods), received on
 * `received`, under review by Kim Reviewer from that day.
 */
function appealUnderReview(kind: 'enquiry' | 'appeal', received: string): number {
  const logged = logAppeal(app.ctx, {
    epaId: epaOf('R2-O-1'),
    kind,
    type: 'result',
    appellantKind: 'apprentice',
    appellantName: 'Zoë Brontë',
    authorisations: [],
    receivedDate: received,
    grounds: ['criteria_misapplied'],
    description: 'The distinction criteria were not applied.',
    decisionIds: [],
  });
  if (kind === 'appeal')
    transitionAppeal(app.ctx, { appealId: logged.id, action: 'acknowledge', on: received });
  assignReviewer(app.ctx, {
    appealId: logged.id,
    userId: newUser('Kim Reviewer'),
    independentOfEpao: false,
  });
  transitionAppeal(app.ctx, { appealId: logged.id, action: 'start_review', on: received });
  return logged.id;
}

const refOf = (appealId: number): string =>
  app.ctx.sqlite.prepare('SELECT ref FROM appeals WHERE id = ?').pluck().get(appealId) as string;

describe('a moderator given by their assessor reference', () => {
  it('is refused as the decision’s own assessor, by reference or by name in any capitals', async () => {
    const workbook = await writeXlsx(path.join(app.dir, 'self.xlsx'), [
      {
        name: 'Moderations',
        rows: [
          header('moderation'),
          ...[
            ['R2-O-1', 'IA001'],
            ['R2-WBP-1', ' ia001 '],
            ['R2-PD-1', 'DANA  hughes'],
          ].map(([ref, moderator]) =>
            row('moderation', {
              decision_ref: ref ?? '',
              moderator: moderator ?? '',
              moderation_date: new Date(Date.UTC(2026, 2, 10)),
              activity: 'Documentation review',
              moderated_grade: 'Distinction',
            }),
          ),
        ],
      },
    ]);
    const result = await importFile(app.ctx, 'moderation', workbook);
    // Before, IA001's rows were moderations by someone called 'IA001': recorded, the grades
    // changed by the assessor who gave them, and the decisions released.
    expect(result.counts).toMatchObject({ new: 0, rejected: 3 });
    expect(problemLines(result, 'error')).toEqual([
      '2 moderator: IA001 is Dana Hughes, who made this assessment decision, so cannot have moderated it',
      '3 moderator: ia001 is Dana Hughes, who made this assessment decision, so cannot have moderated it',
      '4 moderator: Dana Hughes made this assessment decision, so cannot have moderated it',
    ]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Pass', status: 'held' });
    expect(moderatorNames()).toEqual([]);
  });

  it('is refused as the decision’s own assessor when an app user is that assessor', async () => {
    newUser('Dana Hughes-Wright', 'IA001');
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-O-1',
          moderator: 'IA001',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(problemLines(result, 'error')).toEqual([
      '2 moderator: IA001 is Dana Hughes-Wright, who made this assessment decision, so cannot have moderated it',
    ]);
    expect(moderatorNames()).toEqual([]);
  });

  it('is stored as that assessor, one moderator under their name, whom an appeal recognises', async () => {
    // Sam Lee (IA002) assesses other apprentices and moderated these; the export gives his
    // reference on one row and his name, in other capitals, on another.
    const file = moderationFile([
      {
        decision_ref: 'R2-O-1',
        moderator: 'IA002',
        moderation_date: '2026-03-10',
        moderated_grade: 'Pass',
      },
      {
        decision_ref: 'R2-WBP-1',
        moderator: 'sam  LEE',
        moderation_date: '2026-03-11',
        moderated_grade: 'Pass',
      },
    ]);
    const first = await importFile(app.ctx, 'moderation', file);
    expect(first.counts).toMatchObject({ new: 2, rejected: 0 });
    expect(first.preview[0]?.values.moderator).toBe('Sam Lee');
    expect(first.preview[0]?.notes).toEqual([
      'Moderator IA002 is the assessor reference of Sam Lee',
    ]);
    expect(moderatorNames()).toEqual(['Sam Lee']);

    // The same file again, and his name where the reference was: the same moderations.
    const audited = auditRows();
    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 0 });
    const byName = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-O-1',
          moderator: 'Sam Lee',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(byName.counts).toMatchObject({ new: 0, unchanged: 1 });
    expect(auditRows()).toBe(audited);
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toHaveLength(1);

    // A file giving him both ways for one moderation holds it twice.
    const twice = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-PD-1',
          moderator: 'IA002',
          moderation_date: '2026-03-12',
          moderated_grade: 'Pass',
        },
        {
          decision_ref: 'R2-PD-1',
          moderator: 'Sam Lee',
          moderation_date: '2026-03-12',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(problemLines(twice, 'error')).toEqual([
      '3 decision_ref: row 2 is the same moderation (decision, moderator, date and activity); a file may hold each once',
    ]);

    // An appeal about the EPA: Sam Lee moderated its observation, so cannot review it. Before, the
    // record named 'IA002' and the check, which matches names, let him.
    const appeal = logAppeal(app.ctx, {
      epaId: epaOf('R2-O-1'),
      kind: 'appeal',
      type: 'result',
      appellantKind: 'apprentice',
      appellantName: 'Zoë Brontë',
      authorisations: [],
      receivedDate: '2026-03-25',
      grounds: ['criteria_misapplied'],
      description: 'The distinction criteria were not applied.',
      decisionIds: [],
    });
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'acknowledge', on: '2026-03-25' });
    expect(() =>
      assignReviewer(app.ctx, { appealId: appeal.id, name: 'Sam Lee', independentOfEpao: false }),
    ).toThrow(
      'Sam Lee moderated the O decision being appealed (on 2026-03-10), so cannot review it.',
    );
  });

  it('is stored as the app user who is that assessor', async () => {
    const samuel = newUser('Samuel Lee', 'IA002');
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R2-O-1',
          moderator: 'ia002',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(result.preview[0]?.notes).toEqual([
      'Moderator ia002 is the assessor reference of Sam Lee, recorded as Samuel Lee',
    ]);
    expect(
      app.ctx.sqlite
        .prepare('SELECT moderator_user_id, moderator_name FROM moderation_records')
        .raw(true)
        .all(),
    ).toEqual([[samuel, 'Samuel Lee']]);
  });

  it('finds a record an earlier version stored under the reference, by reference or by name', async () => {
    const row2 = { decision_ref: 'R2-O-1', moderation_date: '2026-03-10', moderated_grade: 'Pass' };
    await importFile(app.ctx, 'moderation', moderationFile([{ ...row2, moderator: 'IA002' }]));
    // As a version that took the reference for a name left it.
    app.ctx.sqlite.prepare("UPDATE moderation_records SET moderator_name = 'IA002'").run();
    for (const moderator of ['IA002', 'Sam Lee']) {
      const again = await importFile(
        app.ctx,
        'moderation',
        moderationFile([{ ...row2, moderator }]),
      );
      expect(again.counts).toMatchObject({ new: 0, unchanged: 1, rejected: 0 });
    }
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toHaveLength(1);
  });
});

describe('moderation history of the day an enquiry or appeal decided the grade', () => {
  it('is refused, as older history is: the appeal’s decision stands until a later moderation', async () => {
    // Appeal received 10 March; on 20 March the observation's Pass became a Distinction.
    const appeal = appealUnderReview('appeal', '2026-03-10');
    decideAppeal(app.ctx, {
      appealId: appeal,
      outcome: 'upheld',
      reason: 'Distinction criteria met.',
      gradeChanges: [{ decisionId: idOf('R2-O-1'), grade: 'Distinction' }],
      systemicFailure: false,
      on: '2026-03-20',
    });
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Distinction', status: 'held' });

    // The history, kept in Excel, has two moderations of 20 March: the day's date is all it
    // gives, so neither can be shown to come after the appeal's decision. Before, Jordan Ellis's
    // Pass was applied as a disagreement with the Distinction: the appeal's outcome undone and
    // the decision released.
    const workbook = await writeXlsx(path.join(app.dir, 'same-day.xlsx'), [
      {
        name: 'Moderations',
        rows: [
          header('moderation'),
          row('moderation', {
            decision_ref: 'R2-O-1',
            moderator: 'Jordan Ellis',
            moderation_date: new Date(Date.UTC(2026, 2, 20)),
            activity: 'Documentation review',
            moderated_grade: 'PASS',
          }),
          row('moderation', {
            decision_ref: 'R2-O-1',
            moderator: 'Ruth Patel',
            moderation_date: new Date(Date.UTC(2026, 2, 20)),
            activity: 'Observed live',
            moderated_grade: 'D',
          }),
        ],
        formats: { moderation_date: 'dd/mm/yyyy' },
      },
    ]);
    const result = await importFile(app.ctx, 'moderation', workbook);
    expect(result.counts).toMatchObject({ new: 0, rejected: 2 });
    const ref = refOf(appeal);
    const reason = `is of the day appeal ${ref} was decided (20 March 2026), which changed the grade from Pass to Distinction; a date alone cannot show it came after that decision, which stands, so it cannot change or settle the grade it gave`;
    expect(problemLines(result, 'error')).toEqual([
      `2 moderation_date: this moderation (20 March 2026) ${reason}`,
      `3 moderation_date: this moderation (20 March 2026) ${reason}`,
    ]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Distinction', status: 'held' });
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toEqual([]);

    // The day after, a moderation of the Distinction settles it.
    const next = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R2-O-1', moderation_date: '21/03/2026', moderated_grade: 'Distinction' },
      ]),
    );
    expect(next.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Distinction', status: 'released' });
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toEqual([
      expect.objectContaining({
        moderationDate: '2026-03-21',
        originalGrade: 'Distinction',
        moderatedGrade: 'Distinction',
        outcome: 'agreed',
      }),
    ]);
  });

  it('keeps the grade an enquiry not upheld left: no row of its day or before changes it', async () => {
    const enquiry = appealUnderReview('enquiry', '2026-03-10');
    decideAppeal(app.ctx, {
      appealId: enquiry,
      outcome: 'not_upheld',
      reason: 'The project met the pass criteria only.',
      gradeChanges: [],
      systemicFailure: false,
      on: '2026-03-20',
    });
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R2-WBP-1', moderation_date: '2026-03-05', moderated_grade: 'Fail' },
        {
          decision_ref: 'R2-WBP-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-20',
          moderated_grade: 'Distinction',
        },
        // Agreeing with the Pass the enquiry kept changes nothing it decided: recorded.
        {
          decision_ref: 'R2-WBP-1',
          moderator: 'Sam Okafor',
          moderation_date: '2026-03-06',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 1, rejected: 2 });
    const ref = refOf(enquiry);
    // Before, all three applied: Fail, back to Pass, then Distinction, against the enquiry's
    // decision that the Pass stands.
    expect(problemLines(result, 'error')).toEqual([
      `2 moderation_date: this moderation (5 March 2026) is older than enquiry about results ${ref}, decided on 20 March 2026, which was not upheld and left the grade at Pass; that decision stands, and history from before it cannot change the grade it left`,
      `3 moderation_date: this moderation (20 March 2026) is of the day enquiry about results ${ref} was decided (20 March 2026), which was not upheld and left the grade at Pass; a date alone cannot show it came after that decision, which stands, so it cannot change the grade it left`,
    ]);
    expect(stateOf('R2-WBP-1')).toMatchObject({ grade: 'Pass', status: 'released' });
    expect(listRecords(app.ctx, idOf('R2-WBP-1')).map((r) => [r.moderatorName, r.outcome])).toEqual(
      [['Sam Okafor', 'agreed']],
    );
  });
});

describe('moderation history of a decision under an open enquiry or appeal', () => {
  it('applies a moderation from before it was received and refuses one from after', async () => {
    appealUnderReview('appeal', '2026-03-25');
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        // The moderation that made the result appealed: it applies, and the row says the grade
        // before the appeal has changed.
        { decision_ref: 'R2-O-1', moderation_date: '2026-03-20', moderated_grade: 'Fail' },
        // While the appeal is open, whether changing the grade or settling it.
        { decision_ref: 'R2-PD-1', moderation_date: '2026-03-25', moderated_grade: 'Distinction' },
        { decision_ref: 'R2-WBP-1', moderation_date: '2026-04-01', moderated_grade: 'Pass' },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 1, rejected: 2 });
    const open =
      'received on 25 March 2026 and still to be decided; the grade is for the appeal to decide, so import this row again once it is decided';
    expect(problemLines(result, 'error')).toEqual([
      `3 moderation_date: this moderation (25 March 2026) is not before appeal A-2026-001 about this decision, ${open}`,
      `4 moderation_date: this moderation (1 April 2026) is not before appeal A-2026-001 about this decision, ${open}`,
    ]);
    expect(problemLines(result, 'warning')).toEqual([
      '2 moderated_grade: appeal A-2026-001 about this decision, received on 25 March 2026, is still to be decided: the grade before it is now Fail, not Pass',
    ]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Fail', status: 'released' });
    expect(stateOf('R2-PD-1')).toMatchObject({ grade: 'Pass', status: 'held' });
    expect(stateOf('R2-WBP-1')).toMatchObject({ grade: 'Pass', status: 'held' });
  });

  it('does not undo a stage 1 decision while the stage 2 panel reviews it', async () => {
    const appeal = appealUnderReview('appeal', '2026-03-10');
    decideAppeal(app.ctx, {
      appealId: appeal,
      outcome: 'upheld',
      reason: 'Distinction criteria met.',
      gradeChanges: [{ decisionId: idOf('R2-PD-1'), grade: 'Distinction' }],
      systemicFailure: false,
      on: '2026-03-20',
    });
    transitionAppeal(app.ctx, { appealId: appeal, action: 'escalate', on: '2026-03-27' });
    // Before, a moderation of 1 April put the Pass back while the panel was deciding.
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        { decision_ref: 'R2-PD-1', moderation_date: '2026-04-01', moderated_grade: 'Pass' },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 0, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      '2 moderation_date: this moderation (1 April 2026) is not before appeal A-2026-001 about this decision, received on 10 March 2026 and still to be decided; the grade is for the appeal to decide, so import this row again once it is decided',
    ]);
    expect(stateOf('R2-PD-1')).toMatchObject({ grade: 'Distinction', status: 'held' });
    expect(listRecords(app.ctx, idOf('R2-PD-1'))).toEqual([]);
  });
});
