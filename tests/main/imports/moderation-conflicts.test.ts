/**
 * Moderation history from a moderator who declared a conflict of interest with the decision's
 * apprentice, employer or provider is refused, as the app refuses such a moderator. Before, the
 * import checked only that the moderator was not the decision's assessor: a conflicted user's or
 * assessor's moderation was recorded, changed the grade and released the decision.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { header, row, uln, writeCsv, writeXlsx, type Cell } from './files';
import {
  addModerator,
  count,
  importFile,
  importTwoEpas,
  problemLines,
  standardise,
} from './helpers';

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
    ...rows.map((r) => row('moderation', { activity: 'Documentation review', ...r })),
  ]);

const newUser = (name: string, assessorRef?: string): number =>
  addModerator(app.ctx, name, assessorRef);

function declare(
  subject: { user: number } | { assessor: string },
  party: 'employer' | 'provider' | 'apprentice',
  ref: string,
  declaredOn: string,
  endedOn: string | null = null,
): void {
  const [type, id] =
    'user' in subject
      ? ['user', subject.user]
      : [
          'assessor',
          app.ctx.sqlite
            .prepare('SELECT id FROM assessors WHERE ref = ?')
            .pluck()
            .get(subject.assessor),
        ];
  app.ctx.sqlite
    .prepare(
      `INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on, ended_on)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(type, id, party, ref, declaredOn, endedOn);
}

const stateOf = (ref: string): { grade: string; status: string } =>
  app.ctx.sqlite.prepare('SELECT grade, status FROM decisions WHERE decision_ref = ?').get(ref) as {
    grade: string;
    status: string;
  };

/** Each stored moderation as "decision moderator date grade". */
const records = (): string[] =>
  app.ctx.sqlite
    .prepare(
      `SELECT d.decision_ref || ' ' || r.moderator_name || ' ' || r.moderation_date || ' ' || r.moderated_grade
       FROM moderation_records r JOIN decisions d ON d.id = r.decision_id ORDER BY r.id`,
    )
    .pluck()
    .all() as string[];

describe('a moderator who declared a conflict of interest', () => {
  it('is refused when a user declared it with the employer, written in other capitals and spacing; the same file again changes nothing', async () => {
    const ruth = newUser('Ruth Patel');
    declare({ user: ruth }, 'employer', '  CAFÉ  royal £ LTD', '2026-01-05');
    const file = moderationFile([
      // Would change the grade and release the decision, were it accepted.
      {
        decision_ref: 'R2-O-1',
        moderator: 'ruth patel',
        moderation_date: '2026-03-10',
        moderated_grade: 'Distinction',
      },
      // Nobody of this name uses the app: a name typed in a file has declared nothing.
      {
        decision_ref: 'R2-WBP-1',
        moderator: 'Jordan Ellis',
        moderation_date: '2026-03-10',
        moderated_grade: 'Pass',
      },
    ]);
    const first = await importFile(app.ctx, 'moderation', file);
    expect(first.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(problemLines(first, 'error')).toEqual([
      '2 moderator: Ruth Patel declared a conflict of interest with the employer CAFÉ  royal £ LTD on 5 January 2026, so cannot have moderated this decision',
    ]);
    expect(stateOf('R2-O-1')).toEqual({ grade: 'Pass', status: 'held' });
    expect(records()).toEqual(['R2-WBP-1 Jordan Ellis 2026-03-10 Pass']);

    const audit = count(app.ctx, 'audit_log');
    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 1, rejected: 1 });
    expect(problemLines(again, 'error')).toEqual(problemLines(first, 'error'));
    expect(records()).toEqual(['R2-WBP-1 Jordan Ellis 2026-03-10 Pass']);
    // Only the second batch's own entry.
    expect(count(app.ctx, 'audit_log')).toBe(audit + 1);
  });

  it('is refused when an assessor given by reference in a workbook declared it in the register, after the moderation', async () => {
    // Sam Lee (IA002) uses no account; the register, imported today (20 November 2026), says he
    // has a conflict with the provider. It was not ended, so it counts for the March history:
    // a relationship declared later usually existed at the time, as the decisions' flags read it.
    const register = writeCsv(path.join(app.dir, 'assessors.csv'), [
      header('assessors'),
      row('assessors', { assessor_ref: 'IA002', name: 'Sam Lee', conflicts: '10012345' }),
    ]);
    expect((await importFile(app.ctx, 'assessors', register)).counts).toMatchObject({
      rejected: 0,
    });
    // Kit Marsh (IA004) is also an app user; his conflict is in his assessor record.
    newUser('Kit Marsh', 'IA004');
    declare({ assessor: 'IA004' }, 'apprentice', uln(1), '2025-09-01');
    const workbook = await writeXlsx(path.join(app.dir, 'moderation.xlsx'), [
      {
        name: 'Moderations',
        rows: [
          header('moderation'),
          ...[
            ['R2-O-1', 'IA002'],
            ['R1-WBP-1', 'kit marsh'],
            ['R2-WBP-1', 'Kit Marsh'],
          ].map(([ref, moderator]) =>
            row('moderation', {
              decision_ref: ref ?? '',
              moderator: moderator ?? '',
              moderation_date: new Date(Date.UTC(2026, 2, 10)),
              activity: 'Documentation review',
              moderated_grade: 'Pass',
            }),
          ),
        ],
      },
    ]);
    const result = await importFile(app.ctx, 'moderation', workbook);
    expect(result.counts).toMatchObject({ new: 1, rejected: 2 });
    expect(problemLines(result, 'error')).toEqual([
      '2 moderator: IA002 is Sam Lee, who declared a conflict of interest with the training provider (UKPRN 10012345) on 20 November 2026, so cannot have moderated this decision',
      `3 moderator: Kit Marsh declared a conflict of interest with the apprentice (ULN ${uln(1)}) on 1 September 2025, so cannot have moderated this decision`,
    ]);
    // His conflict is with EPA 1's apprentice, not EPA 2's.
    expect(records()).toEqual(['R2-WBP-1 Kit Marsh 2026-03-10 Pass']);
    expect(stateOf('R2-O-1')).toEqual({ grade: 'Pass', status: 'held' });
  });

  it('is not refused for a moderation after the conflict ended; one on the day it ended is', async () => {
    const ruth = newUser('Ruth Patel');
    declare({ user: ruth }, 'apprentice', uln(1), '2025-06-01', '2026-03-01');
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R1-WBP-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-01',
          moderated_grade: 'Pass',
        },
        {
          decision_ref: 'R1-PD-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(result.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      `2 moderator: Ruth Patel declared a conflict of interest with the apprentice (ULN ${uln(1)}) on 1 June 2025, so cannot have moderated this decision`,
    ]);
    expect(records()).toEqual(['R1-PD-1 Ruth Patel 2026-03-10 Pass']);
    expect(stateOf('R1-PD-1')).toEqual({ grade: 'Pass', status: 'released' });
  });

  it('is refused for a conflict declared after the moderation and not ended', async () => {
    const ruth = newUser('Ruth Patel');
    declare({ user: ruth }, 'provider', '10012345', '2026-06-30');
    const result = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        {
          decision_ref: 'R1-PD-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-10',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(problemLines(result, 'error')).toEqual([
      '2 moderator: Ruth Patel declared a conflict of interest with the training provider (UKPRN 10012345) on 30 June 2026, so cannot have moderated this decision',
    ]);
    expect(records()).toEqual([]);
  });
});

describe('a stored moderation whose moderator has since declared a conflict of interest', () => {
  it('is kept unchanged, with a warning to review it, when the same file is imported again; a new or changed row of theirs is refused', async () => {
    const ruth = newUser('Ruth Patel');
    const file = moderationFile([
      {
        decision_ref: 'R2-O-1',
        moderator: 'Ruth Patel',
        moderation_date: '2026-03-10',
        moderated_grade: 'Distinction',
        feedback: 'Strong evidence throughout',
      },
      {
        decision_ref: 'R1-PD-1',
        moderator: 'Ruth Patel',
        moderation_date: '2026-03-10',
        moderated_grade: 'Pass',
      },
    ]);
    expect((await importFile(app.ctx, 'moderation', file)).counts).toMatchObject({
      new: 2,
      rejected: 0,
    });
    // Applied decision by decision, so R1-PD-1's is record 1.
    const stored = [
      'R1-PD-1 Ruth Patel 2026-03-10 Pass',
      'R2-O-1 Ruth Patel 2026-03-10 Distinction',
    ];
    expect(records()).toEqual(stored);
    expect(stateOf('R2-O-1')).toEqual({ grade: 'Distinction', status: 'released' });
    // EPA 2's apprentice only: her moderation of EPA 1 is not in question.
    declare({ user: ruth }, 'apprentice', uln(2), '2026-05-01');

    const audit = count(app.ctx, 'audit_log');
    const again = await importFile(app.ctx, 'moderation', file, { allOrNothing: true });
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 0 });
    expect(problemLines(again, 'error')).toEqual([]);
    expect(problemLines(again, 'warning')).toEqual([
      `2 moderator: Ruth Patel declared a conflict of interest with the apprentice (ULN ${uln(2)}) on 1 May 2026, so cannot have moderated this decision; this moderation was recorded before (record 2) and is kept unchanged, but should be reviewed`,
    ]);
    expect(records()).toEqual(stored);
    expect(stateOf('R2-O-1')).toEqual({ grade: 'Distinction', status: 'released' });
    // Only the second batch's own entry.
    expect(count(app.ctx, 'audit_log')).toBe(audit + 1);

    const refused = `Ruth Patel declared a conflict of interest with the apprentice (ULN ${uln(2)}) on 1 May 2026, so cannot have moderated this decision`;
    const changed = await importFile(
      app.ctx,
      'moderation',
      moderationFile([
        // Its feedback differs from the stored record's.
        {
          decision_ref: 'R2-O-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-10',
          moderated_grade: 'Distinction',
          feedback: 'Strong evidence',
        },
        {
          decision_ref: 'R2-WBP-1',
          moderator: 'Ruth Patel',
          moderation_date: '2026-03-12',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(changed.counts).toMatchObject({ new: 0, changed: 0, unchanged: 0, rejected: 2 });
    expect(problemLines(changed, 'error')).toEqual([
      `2 moderator: ${refused}`,
      `3 moderator: ${refused}`,
    ]);
    expect(problemLines(changed, 'warning')).toEqual([]);
    expect(records()).toEqual(stored);
  });
});
