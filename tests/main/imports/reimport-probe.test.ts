/**
 * Re-imports of files people really send: the same decisions again in another format or through
 * a mapping, a reference the source added or dropped, spelling-only differences, rows the import
 * must refuse without writing anything; and the other kinds of file read twice.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  assignReviewer,
  decideAppeal,
  logAppeal,
  transitionAppeal,
} from '../../../src/main/appeals/service';
import type { AppContext } from '../../../src/main/core/context';
import type { ImportHooks } from '../../../src/main/imports/engine';
import { connectionFor, startReader } from '../../../src/main/imports/runner';
import { signInLead } from '../../support/context';
import { epaRows, header, row, writeCsv, writeXlsx, type Cell } from './files';
import {
  importedTables,
  importFile,
  problemLines,
  standardisedApps,
  storedDecisions,
} from './helpers';

const newApp = standardisedApps();

const snapshot = (sqlite: Database): Record<string, unknown[]> => importedTables(sqlite);

/** The audit log but for the imports' own batch records. */
const audits = (sqlite: Database): unknown[] =>
  sqlite
    .prepare(
      "SELECT action, entity, before_json, after_json FROM audit_log WHERE action <> 'import.commit' ORDER BY id",
    )
    .all();

const COLUMNS = header('decisions');
const isoDate = (c: Cell): c is string => typeof c === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c);

const write = (dir: string, name: string, rows: Cell[][]): string =>
  writeCsv(path.join(dir, name), [COLUMNS, ...rows]);

/** The rows without their decision_ref, as an export that does not carry the source's id. */
const withoutRef = (rows: Cell[][]): Cell[][] =>
  rows.map((r) => r.map((c, i) => (COLUMNS[i] === 'decision_ref' ? null : c)));

describe('the same decisions again, in another format', () => {
  it('is all unchanged: XLSX with real dates and numbers, a Windows-1252 semicolon CSV with UK dates, another system’s export through a mapping', async () => {
    const app = await newApp();
    const rows = [...epaRows(1), ...epaRows(2, [{ grade: 'Distinction' }])];
    const first = await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', rows));
    expect(first.counts).toMatchObject({ new: 6, rejected: 0 });
    const before = snapshot(app.ctx.sqlite);
    const audit = audits(app.ctx.sqlite);
    const unchanged = { new: 0, changed: 0, unchanged: 6, rejected: 0, flags: 0 };

    // Excel: dates as date cells, ULN and UKPRN as numbers (then as text), measures as numbers.
    const asCells = (ulnAsNumber: boolean): Cell[][] =>
      rows.map((r) =>
        r.map((c, i) => {
          if (isoDate(c)) return new Date(`${c}T00:00:00Z`);
          if (COLUMNS[i] === 'provider_ukprn' || (COLUMNS[i] === 'uln' && ulnAsNumber))
            return Number(c);
          return c;
        }),
      );
    const dated = { assessment_date: 'dd/mm/yyyy', gateway_date: 'dd/mm/yyyy' };
    for (const ulnAsNumber of [true, false]) {
      const xlsx = await writeXlsx(path.join(app.dir, `b-${String(ulnAsNumber)}.xlsx`), [
        { name: 'Decisions', rows: [COLUMNS, ...asCells(ulnAsNumber)], formats: dated },
      ]);
      const result = await importFile(app.ctx, 'decisions', xlsx);
      expect(problemLines(result)).toEqual([]);
      expect(result.counts).toEqual(unchanged);
    }

    const ukDates = rows.map((r) =>
      r.map((c) => (isoDate(c) ? `${c.slice(8, 10)}/${c.slice(5, 7)}/${c.slice(0, 4)}` : c)),
    );
    const windows = writeCsv(path.join(app.dir, 'c.csv'), [COLUMNS, ...ukDates], {
      delimiter: ';',
      encoding: 'windows-1252',
      sepLine: true,
    });
    const fromWindows = await importFile(app.ctx, 'decisions', windows);
    expect(problemLines(fromWindows)).toEqual([]);
    expect(fromWindows.counts).toEqual(unchanged);

    // Another system: its own headings in its own order, method and grade spelt its way, the
    // ULN padded with spaces, exceptional circumstances as "No".
    const theirs: Record<string, string> = {
      Result: 'grade',
      Component: 'method',
      Ref: 'decision_ref',
      'Learner ULN': 'uln',
      Standard: 'standard_code',
      Version: 'standard_version',
      Assessor: 'assessor_ref',
      Date: 'assessment_date',
      Attempt: 'attempt',
      Gateway: 'gateway_date',
      Minutes: 'duration_minutes',
      Questions: 'questioning_minutes',
      Words: 'word_count',
      Pieces: 'evidence_pieces',
      EC: 'exceptional_circumstances',
      Employer: 'employer',
      UKPRN: 'provider_ukprn',
    };
    const methods: Record<string, string> = {
      O: 'Obs',
      WBP: 'Project',
      PD: 'Professional discussion',
    };
    const grades: Record<string, string> = { Pass: 'P', Distinction: 'DISTINCTION' };
    const exported = rows.map((r) =>
      Object.values(theirs).map((column) => {
        const value = r[COLUMNS.indexOf(column)] ?? null;
        if (column === 'method') return methods[value as string] ?? value;
        if (column === 'grade') return grades[value as string] ?? value;
        if (column === 'uln') return ` ${String(value)} `;
        if (column === 'exceptional_circumstances') return 'No';
        return value;
      }),
    );
    const other = writeCsv(path.join(app.dir, 'd.csv'), [Object.keys(theirs), ...exported]);
    const mapping = Object.fromEntries(Object.entries(theirs).map(([h, c]) => [c, h]));
    const mapped = await importFile(app.ctx, 'decisions', other, {
      mapping,
      mappingName: 'EPA Pro full',
    });
    expect(problemLines(mapped)).toEqual([]);
    expect(mapped.counts).toEqual(unchanged);
    expect(mapped.heldAgain).toEqual([]);

    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);
  });
});

describe('a decision_ref the source added or dropped', () => {
  it('matches rows without one by ULN, standard, method and attempt, records it once, and still matches when it is dropped again', async () => {
    const app = await newApp();
    const first = await importFile(
      app.ctx,
      'decisions',
      write(app.dir, 'a.csv', withoutRef(epaRows(1))),
    );
    expect(first.counts).toMatchObject({ new: 3 });
    const refs = (): unknown[] => storedDecisions(app.ctx).map((d) => d.ref);
    expect(refs()).toEqual([null, null, null]);

    const withRef = await importFile(app.ctx, 'decisions', write(app.dir, 'b.csv', epaRows(1)));
    expect(withRef.counts).toMatchObject({ new: 0, changed: 3, unchanged: 0, rejected: 0 });
    expect(withRef.preview[0]?.notes).toEqual(['decision_ref: (blank) → R1-O-1']);
    expect(refs()).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);

    const again = await importFile(app.ctx, 'decisions', write(app.dir, 'c.csv', epaRows(1)));
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 3 });
    const dropped = await importFile(
      app.ctx,
      'decisions',
      write(app.dir, 'd.csv', withoutRef(epaRows(1))),
    );
    expect(dropped.counts).toMatchObject({ new: 0, changed: 0, unchanged: 3 });
    expect(refs()).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);
  });

  it('refuses a second reference for a decision that has one', async () => {
    const app = await newApp();
    await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', epaRows(1)));
    const before = snapshot(app.ctx.sqlite);
    const renamed = await importFile(
      app.ctx,
      'decisions',
      write(app.dir, 'b.csv', epaRows(1, [{ decision_ref: 'X-1' }])),
    );
    expect(renamed.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 1 });
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
  });
});

describe('optional cells left blank on a re-import', () => {
  const flags = (sqlite: Database): unknown[] =>
    sqlite.prepare('SELECT decision_id, code, message FROM compliance_flags ORDER BY id').all();

  it('keep the stored measures and exceptional circumstances, say so, and keep their flags', async () => {
    const app = await newApp();
    const first = await importFile(
      app.ctx,
      'decisions',
      write(
        app.dir,
        'a.csv',
        epaRows(1, [
          { duration_minutes: 80 },
          { word_count: 3100 },
          { evidence_pieces: 12, exceptional_circumstances: 'yes' },
        ]),
      ),
    );
    expect(first.counts).toMatchObject({ new: 3, flags: 2 });
    const before = snapshot(app.ctx.sqlite);
    const audit = audits(app.ctx.sqlite);
    const blank = write(
      app.dir,
      'b.csv',
      epaRows(1, [
        { duration_minutes: null, questioning_minutes: null },
        { word_count: '' },
        { evidence_pieces: null, exceptional_circumstances: null },
      ]),
    );
    const result = await importFile(app.ctx, 'decisions', blank);
    expect(result.counts).toMatchObject({ changed: 0, unchanged: 3, rejected: 0 });
    expect(result.preview.map((p) => p.notes)).toEqual([
      [
        'duration_minutes is blank in the file: the stored 80 is kept',
        'questioning_minutes is blank in the file: the stored 8 is kept',
      ],
      ['word_count is blank in the file: the stored 3100 is kept'],
      [
        'evidence_pieces is blank in the file: the stored 12 is kept',
        'exceptional_circumstances is blank in the file: the stored yes is kept',
      ],
    ]);
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);

    // A row that changes something else keeps them too, whichever thread reads the file.
    const hooks: ImportHooks = {
      readAhead: {
        minBytes: 0,
        start: (taken) => startReader({ taken, connection: connectionFor(app.ctx) }),
      },
    };
    const flagged = flags(app.ctx.sqlite);
    const moved = write(
      app.dir,
      'c.csv',
      epaRows(1, [
        { duration_minutes: null, assessment_date: '2026-02-03' },
        { word_count: null, assessment_date: '2026-02-17' },
        { exceptional_circumstances: null },
      ]),
    );
    const changed = await importFile(app.ctx, 'decisions', moved, {}, hooks);
    expect(changed.counts).toMatchObject({ changed: 2, unchanged: 1, rejected: 0 });
    expect(storedDecisions(app.ctx).map((d) => [d.method, d.duration, d.words, d.ec])).toEqual([
      ['O', 80, null, 0],
      ['PD', 61, null, 1],
      ['WBP', 58, 3100, 0],
    ]);
    expect(flags(app.ctx.sqlite)).toEqual(flagged);

    // "no" is an answer: it changes a stored "yes", audited.
    const no = await importFile(
      app.ctx,
      'decisions',
      write(
        app.dir,
        'd.csv',
        epaRows(1, [
          { duration_minutes: null, assessment_date: '2026-02-03' },
          { word_count: null, assessment_date: '2026-02-17' },
          { exceptional_circumstances: 'no' },
        ]),
      ),
    );
    expect(no.counts).toMatchObject({ changed: 1, unchanged: 2 });
    expect(no.preview[2]?.notes).toContain('exceptional_circumstances: yes → no');
  });
});

describe('spelling-only differences and real changes', () => {
  it('leaves aliases and other spellings unchanged, and audits a new assessor or date with both values', async () => {
    const app = await newApp();
    await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', epaRows(1)));
    const respelt = await importFile(
      app.ctx,
      'decisions',
      write(
        app.dir,
        'b.csv',
        epaRows(1, [
          { method: 'Obs', grade: 'P', assessor_ref: 'ia001', duration_minutes: '1:00' },
          { method: 'project', grade: 'pass', duration_minutes: '58 mins', word_count: '2,480' },
          { method: 'Professional Discussion', grade: 'PASS', assessment_date: '02/03/2026' },
        ]),
      ),
    );
    expect(problemLines(respelt)).toEqual([]);
    expect(respelt.counts).toMatchObject({ changed: 0, unchanged: 3 });

    const audit = audits(app.ctx.sqlite).length;
    const changed = await importFile(
      app.ctx,
      'decisions',
      write(
        app.dir,
        'c.csv',
        epaRows(1, [
          { assessor_ref: 'IA002', assessor_name: 'Sam Lee' },
          { assessment_date: '2026-02-17' },
        ]),
      ),
    );
    expect(changed.counts).toMatchObject({ changed: 2, unchanged: 1, rejected: 0 });
    expect(audits(app.ctx.sqlite).slice(audit)).toEqual([
      {
        action: 'decision.import-update',
        entity: 'decision',
        before_json: '{"assessor_ref":"IA001"}',
        after_json: '{"assessor_ref":"IA002","reason":"import batch 3 (c.csv, row 2)"}',
      },
      {
        action: 'decision.import-update',
        entity: 'decision',
        before_json: '{"assessment_date":"2026-02-16"}',
        after_json: '{"assessment_date":"2026-02-17","reason":"import batch 3 (c.csv, row 3)"}',
      },
    ]);
  });
});

describe('a re-imported row the import refuses', () => {
  it('adds no assessor it names: the row writes nothing', async () => {
    const app = await newApp();
    await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', epaRows(1)));
    app.ctx.sqlite.prepare("UPDATE epas SET status = 'confirmed'").run();
    const before = snapshot(app.ctx.sqlite);
    const moved = await importFile(
      app.ctx,
      'decisions',
      write(app.dir, 'b.csv', epaRows(1, [{ assessor_ref: 'IA009', assessor_name: 'Noor Ahmed' }])),
    );
    expect(moved.counts).toMatchObject({ changed: 0, unchanged: 2, rejected: 1 });
    expect(problemLines(moved, 'error')).toEqual([
      '2 decision_ref: the EPA of ULN 3000000118 is confirmed, so this decision can only change through an enquiry or appeal (the file would change assessor_ref IA001 → IA009)',
    ]);
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
  });
});

describe('a re-import that changes a grade an enquiry or appeal is deciding or has decided', () => {
  const idOf = (sqlite: Database, ref: string): number =>
    sqlite.prepare('SELECT id FROM decisions WHERE decision_ref = ?').pluck().get(ref) as number;
  /** The apprentice's appeal against the result of one decision, received on 18 November. */
  const appealAgainst = (ctx: AppContext, decisionId: number) =>
    logAppeal(ctx, {
      epaId: ctx.sqlite.prepare('SELECT id FROM epas').pluck().get() as number,
      kind: 'appeal',
      type: 'result',
      appellantKind: 'apprentice',
      appellantName: 'Zoë Brontë',
      authorisations: [],
      receivedDate: '2026-11-18',
      grounds: ['criteria_misapplied'],
      description: 'The distinction criteria were not applied to my observation.',
      decisionIds: [decisionId],
    });

  const gradeOf = (sqlite: Database, ref: string): string =>
    sqlite.prepare('SELECT grade FROM decisions WHERE decision_ref = ?').pluck().get(ref) as string;

  it('is refused while the appeal is open, writing nothing, and taken once it is withdrawn', async () => {
    const app = await newApp();
    signInLead(app.ctx);
    await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', epaRows(1)));
    const appeal = appealAgainst(app.ctx, idOf(app.ctx.sqlite, 'R1-O-1'));
    const before = snapshot(app.ctx.sqlite);
    const audit = audits(app.ctx.sqlite);
    const regraded = write(app.dir, 'b.csv', epaRows(1, [{ grade: 'Distinction' }]));
    const refused = await importFile(app.ctx, 'decisions', regraded);
    expect(refused.counts).toMatchObject({ changed: 0, unchanged: 2, rejected: 1 });
    expect(problemLines(refused, 'error')).toEqual([
      `2 decision_ref: decision_ref R1-O-1 is under appeal ${appeal.ref}, received on 18 November 2026 and still to be decided: the grade is for the appeal to decide, so the file cannot change it (Pass → Distinction); import this row again once it is decided or withdrawn`,
    ]);
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);

    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'withdraw', note: 'Withdrawn' });
    const taken = await importFile(app.ctx, 'decisions', regraded);
    expect(taken.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(gradeOf(app.ctx.sqlite, 'R1-O-1')).toBe('Distinction');
  });

  it('is refused once an appeal decided the grade: that decision is final', async () => {
    const app = await newApp();
    signInLead(app.ctx);
    await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', epaRows(1)));
    const decision = idOf(app.ctx.sqlite, 'R1-O-1');
    const appeal = appealAgainst(app.ctx, decision);
    const reviewer = Number(
      app.ctx.sqlite
        .prepare("INSERT INTO users (name, role) VALUES ('Kim Reviewer', 'moderator')")
        .run().lastInsertRowid,
    );
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'acknowledge', on: '2026-11-18' });
    assignReviewer(app.ctx, { appealId: appeal.id, userId: reviewer, independentOfEpao: false });
    transitionAppeal(app.ctx, { appealId: appeal.id, action: 'start_review', on: '2026-11-18' });
    decideAppeal(app.ctx, {
      appealId: appeal.id,
      outcome: 'upheld',
      reason: 'Distinction criteria met.',
      gradeChanges: [{ decisionId: decision, grade: 'Distinction' }],
      systemicFailure: false,
      on: '2026-11-19',
    });
    const before = snapshot(app.ctx.sqlite);
    const audit = audits(app.ctx.sqlite);

    // The source still has the assessor's Pass: the appeal's grade stands, as after moderation.
    const same = await importFile(app.ctx, 'decisions', write(app.dir, 'b.csv', epaRows(1)));
    expect(same.counts).toMatchObject({ changed: 0, unchanged: 3, rejected: 0 });
    // The source now gives a Fail: before, it replaced the appeal's final Distinction.
    const failed = await importFile(
      app.ctx,
      'decisions',
      write(app.dir, 'c.csv', epaRows(1, [{ grade: 'Fail' }])),
    );
    expect(failed.counts).toMatchObject({ changed: 0, unchanged: 2, rejected: 1 });
    expect(problemLines(failed, 'error')).toEqual([
      `2 decision_ref: appeal ${appeal.ref}, decided on 19 November 2026, changed the grade of decision_ref R1-O-1 from Pass to Distinction; that decision is final, so the file cannot change the grade (Distinction → Fail)`,
    ]);
    expect(gradeOf(app.ctx.sqlite, 'R1-O-1')).toBe('Distinction');
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);
  });
});

describe('moderation history and standardisation attendance read again', () => {
  it('are unchanged whatever the spelling of names, activities, grades, dates and yes', async () => {
    const app = await newApp();
    await importFile(app.ctx, 'decisions', write(app.dir, 'a.csv', [...epaRows(1), ...epaRows(2)]));
    const moderation = (name: string, rows: Record<string, Cell>[]): string =>
      writeCsv(path.join(app.dir, name), [
        header('moderation'),
        ...rows.map((r) => row('moderation', r)),
      ]);
    const history = [
      {
        decision_ref: 'R1-O-1',
        moderator: 'Ruth Patel',
        moderation_date: '2026-03-10',
        activity: 'Documentation review',
        moderated_grade: 'Pass',
        feedback: 'Criteria applied as written.',
      },
      {
        decision_ref: 'R2-WBP-1',
        moderator: 'Ruth Patel',
        moderation_date: '2026-03-11',
        activity: 'Observation',
        moderated_grade: 'Distinction',
        feedback: 'Distinction criteria met.',
      },
    ];
    const first = await importFile(app.ctx, 'moderation', moderation('m1.csv', history));
    expect(first.counts).toMatchObject({ new: 2, rejected: 0 });
    let before = snapshot(app.ctx.sqlite);
    let audit = audits(app.ctx.sqlite);
    const respelt = history.map((r) => ({
      ...r,
      moderator: ' ruth  PATEL ',
      activity: r.activity.toUpperCase(),
      moderated_grade: r.moderated_grade === 'Pass' ? 'P' : 'D',
      moderation_date: r.moderation_date.split('-').reverse().join('/'),
    }));
    const again = await importFile(app.ctx, 'moderation', moderation('m2.csv', respelt));
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 0 });
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);

    const attendance = (name: string, rows: Record<string, Cell>[]): string =>
      writeCsv(path.join(app.dir, name), [
        header('standardisation'),
        ...rows.map((r) => row('standardisation', r)),
      ]);
    const event = { event_date: '2026-02-10', event_title: 'Spring standardisation' };
    const attended = await importFile(
      app.ctx,
      'standardisation',
      attendance('s1.csv', [
        { ...event, assessor_ref: 'IA001', attended: 'yes' },
        { ...event, assessor_ref: 'IA002', attended: 'no' },
      ]),
    );
    expect(attended.counts).toMatchObject({ new: 2, rejected: 0 });
    before = snapshot(app.ctx.sqlite);
    audit = audits(app.ctx.sqlite);
    for (const [yes, no] of [
      ['Yes', 'No'],
      ['Y', 'N'],
      ['TRUE', 'FALSE'],
    ] as const) {
      const respeltEvent = { event_date: '10/02/2026', event_title: ' spring  Standardisation' };
      const result = await importFile(
        app.ctx,
        'standardisation',
        attendance(`s-${yes}.csv`, [
          { ...respeltEvent, assessor_ref: 'ia001', attended: yes },
          { ...respeltEvent, assessor_ref: 'IA002', attended: no },
        ]),
      );
      expect(result.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 0 });
    }
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);
  });
});

describe('an assessors file read again', () => {
  it('is unchanged when names and emails differ only in capitals, spacing or quotes', async () => {
    const app = await newApp();
    const assessors = (name: string, rows: Record<string, Cell>[]): string =>
      writeCsv(path.join(app.dir, name), [
        header('assessors'),
        ...rows.map((r) => row('assessors', r)),
      ]);
    const first = await importFile(
      app.ctx,
      'assessors',
      assessors('a1.csv', [
        {
          assessor_ref: 'IA001',
          name: 'Dana Hughes',
          email: 'dana.hughes@example.org',
          start_date: '2020-01-06',
          qualification_status: 'achieved',
          competence_since: '2015-01-01',
          conflicts: 'Other Employer Ltd; 10099999',
        },
        {
          assessor_ref: 'IA007',
          name: "Niamh O'Brien",
          email: 'niamh@example.org',
          conflicts: 'none',
        },
      ]),
    );
    expect(first.counts).toMatchObject({ new: 1, changed: 1, rejected: 0 });
    const before = snapshot(app.ctx.sqlite);
    const audit = audits(app.ctx.sqlite);
    const again = await importFile(
      app.ctx,
      'assessors',
      assessors('a2.csv', [
        {
          assessor_ref: 'ia001',
          name: '  DANA   HUGHES ',
          email: 'Dana.Hughes@Example.ORG',
          start_date: '06/01/2020',
          qualification_status: 'Achieved',
          competence_since: '01/01/2015',
          conflicts: '10099999 | other employer ltd',
        },
        {
          assessor_ref: 'IA007',
          name: 'Niamh O’Brien',
          email: 'NIAMH@example.org',
          conflicts: 'None declared',
        },
      ]),
    );
    expect(problemLines(again)).toEqual([]);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, rejected: 0 });
    expect(again.preview[0]?.values).toMatchObject({
      name: 'Dana Hughes',
      email: 'dana.hughes@example.org',
    });
    expect(snapshot(app.ctx.sqlite)).toEqual(before);
    expect(audits(app.ctx.sqlite)).toEqual(audit);

    // Another name or address is a change, audited with both.
    const renamed = await importFile(
      app.ctx,
      'assessors',
      assessors('a3.csv', [
        { assessor_ref: 'IA007', name: 'Niamh Byrne', email: 'niamh.byrne@example.org' },
      ]),
    );
    expect(renamed.counts).toMatchObject({ changed: 1 });
    expect(renamed.preview[0]?.notes).toEqual([
      "name: Niamh O'Brien → Niamh Byrne",
      'email: niamh@example.org → niamh.byrne@example.org',
    ]);
  });
});
