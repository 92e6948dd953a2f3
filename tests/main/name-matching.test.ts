/**
 * People and employers are matched as people type them (nameKey): any capitals and spacing, and
 * one Unicode form of an accent. An export from a Mac writes "Café" with the accent as a mark of
 * its own; a conflict declared as "CAFÉ ROYAL" must still be found, and an appeal reviewer typed
 * "sam  LEE" is still the Sam Lee who moderated the decision.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignReviewer, logAppeal, transitionAppeal } from '../../src/main/appeals/service';
import { independenceProblem } from '../../src/main/moderation/independence';
import { openTestApp, signInLead, type TestApp } from '../support/context';
import { epaRows, header, row, writeCsv, type Cell } from './imports/files';
import { importFile, problemLines, standardise } from './imports/helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
  signInLead(app.ctx);
});
afterEach(() => app.close());

/** "Café Royal £ Ltd" with the accent as a combining mark after the e. */
const DECOMPOSED = 'Cafe\u0301 Royal £ Ltd';

const decisionId = (ref: string): number =>
  app.ctx.sqlite
    .prepare('SELECT id FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as number;

async function importDecisions(employer: string): Promise<void> {
  const rows = epaRows(1, [{ employer }, { employer }, { employer }]);
  const file = writeCsv(path.join(app.dir, 'decisions.csv'), [header('decisions'), ...rows]);
  const result = await importFile(app.ctx, 'decisions', file);
  expect(result.counts).toMatchObject({ new: 3, rejected: 0 });
}

describe('an employer named with its accent written another way', () => {
  it('is the employer an assessor declared a conflict with: the decisions are flagged', async () => {
    const assessors = writeCsv(path.join(app.dir, 'assessors.csv'), [
      header('assessors'),
      row('assessors', {
        assessor_ref: 'IA001',
        name: 'Dana Hughes',
        conflicts: 'CAFÉ ROYAL £ LTD',
      }),
    ]);
    expect(problemLines(await importFile(app.ctx, 'assessors', assessors), 'error')).toEqual([]);
    await importDecisions(DECOMPOSED);
    const flagged = app.ctx.sqlite
      .prepare("SELECT count(*) FROM compliance_flags WHERE code = 'assessor_ineligible'")
      .pluck()
      .get();
    expect(flagged).toBe(3);
  });

  it('is one employer with the same name written the usual way', async () => {
    await importDecisions(DECOMPOSED);
    const again = epaRows(2, [{ employer: 'Café Royal £ Ltd' }]).slice(0, 1) as Cell[][];
    const file = writeCsv(path.join(app.dir, 'more.csv'), [header('decisions'), ...again]);
    expect((await importFile(app.ctx, 'decisions', file)).counts).toMatchObject({ new: 1 });
    expect(app.ctx.sqlite.prepare('SELECT count(*) FROM employers').pluck().get()).toBe(1);
  });

  it('refuses a moderator who declared a conflict with it in other capitals and spacing', async () => {
    await importDecisions(DECOMPOSED);
    const user = Number(
      app.ctx.sqlite
        .prepare("INSERT INTO users (name, role) VALUES ('Ruth Patel', 'moderator')")
        .run().lastInsertRowid,
    );
    app.ctx.sqlite
      .prepare(
        "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on) VALUES ('user', ?, 'employer', ' café  royal £ ltd', '2026-01-05')",
      )
      .run(user);
    expect(independenceProblem(app.ctx, user, decisionId('R1-O-1'), '2026-03-01')).toBe(
      'Ruth Patel declared a conflict of interest with the employer café  royal £ ltd on 5 January 2026, so someone else must judge it.',
    );
  });
});

describe('an appeal reviewer typed in other capitals and spacing', () => {
  it('is the moderator of the decision being appealed, and the reviewer of its earlier stage', async () => {
    await importDecisions('Café Royal £ Ltd');
    const history = writeCsv(path.join(app.dir, 'moderation.csv'), [
      header('moderation'),
      row('moderation', {
        decision_ref: 'R1-O-1',
        moderator: 'Zoë Brontë',
        moderation_date: '2026-02-10',
        activity: 'Desk-based review',
        moderated_grade: 'Pass',
      }),
    ]);
    const moderated = await importFile(app.ctx, 'moderation', history);
    expect(problemLines(moderated, 'error')).toEqual([]);
    const appeal = appealAboutObservation();
    const typed = ' ZOE\u0308  bronte\u0308 ';
    expect(() =>
      assignReviewer(app.ctx, { appealId: appeal.id, name: typed, independentOfEpao: false }),
    ).toThrow(/moderated the O decision being appealed \(on 2026-02-10\), so cannot review it/);

    assignReviewer(app.ctx, {
      appealId: appeal.id,
      name: 'Kim Reviewer',
      independentOfEpao: false,
    });
    expect(() =>
      assignReviewer(app.ctx, {
        appealId: appeal.id,
        name: 'KIM   reviewer',
        independentOfEpao: false,
      }),
    ).toThrow(/is already a reviewer for stage 1/);
  });

  it('is the member of staff or the assessor of that name: not independent, and their conflicts count', async () => {
    await importDecisions('Café Royal £ Ltd');
    const appeal = appealAboutObservation();
    const assign = (name: string, independentOfEpao: boolean) => () =>
      assignReviewer(app.ctx, { appealId: appeal.id, name, independentOfEpao });
    // Priya Shah, the IQA lead signed in, typed as an external member of the panel.
    expect(assign('PRIYA  shah', true)).toThrow(
      'Priya Shah uses this app as EPAO staff, so cannot be recorded as independent of the EPAO.',
    );
    const s = app.ctx.sqlite;
    const robin = s
      .prepare("INSERT INTO assessors (ref, name) VALUES ('IA077', 'Robin Vale')")
      .run();
    expect(assign('robin vale', true)).toThrow(
      "robin vale is one of the EPAO's assessors (IA077), so cannot be recorded as independent of the EPAO.",
    );
    s.prepare(
      "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on) VALUES ('assessor', ?, 'employer', 'CAFE\u0301 ROYAL £ LTD', '2026-01-05')",
    ).run(robin.lastInsertRowid);
    expect(assign('Robin  Vale', false)).toThrow(
      'Robin  Vale declared a conflict of interest with the employer CAFE\u0301 ROYAL £ LTD on 5 January 2026, so cannot review this appeal.',
    );
    // Someone the app does not know has declared nothing: recorded as typed.
    assign('Alex Outsider', true)();
    expect(s.prepare('SELECT name, user_id FROM appeal_reviewers').raw(true).all()).toEqual([
      ['Alex Outsider', null],
    ]);
  });
});

/** An appeal about EPA 1's observation, acknowledged on 25 March 2026. */
function appealAboutObservation(): { id: number } {
  const epaId = app.ctx.sqlite
    .prepare('SELECT epa_id FROM decisions WHERE id = ?')
    .pluck()
    .get(decisionId('R1-O-1')) as number;
  const appeal = logAppeal(app.ctx, {
    epaId,
    kind: 'appeal',
    type: 'result',
    appellantKind: 'apprentice',
    appellantName: 'Ind Test',
    authorisations: [],
    receivedDate: '2026-03-25',
    grounds: ['criteria_misapplied'],
    description: 'x',
    decisionIds: [decisionId('R1-O-1')],
  });
  transitionAppeal(app.ctx, { appealId: appeal.id, action: 'acknowledge', on: '2026-03-25' });
  return appeal;
}
