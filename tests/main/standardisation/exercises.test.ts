/**
 * A sample-marking exercise recorded through the services, with its agreement figures checked
 * against values worked by hand (the same exercise as tests/shared/standardisation/exercises).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/api/dispatch';
import {
  getEvent,
  removeAttendance,
  saveEvent,
  setAttendance,
} from '../../../src/main/standardisation/events';
import {
  deleteExercise,
  recordMarks,
  saveExercise,
} from '../../../src/main/standardisation/exercises';
import { inPersonEvent, openTestApp, signInLead, type TestApp } from '../../support/context';
import { goodAssessor, versionId } from './helpers';

let app: TestApp;
let eventId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
  for (const ref of ['IA010', 'IA020', 'IA030', 'IA040', 'IA050'])
    ids[ref] = goodAssessor(app.ctx, ref).id;
  eventId = saveEvent(
    app.ctx,
    inPersonEvent('2026-10-05', 'Autumn standardisation', ['ST0071 v1.1']),
  ).id;
  setAttendance(app.ctx, {
    eventId,
    entries: [
      { assessorId: ids.IA010!, attendance: 'attended' },
      { assessorId: ids.IA020!, attendance: 'attended' },
      { assessorId: ids.IA030!, attendance: 'attended' },
      { assessorId: ids.IA040!, attendance: 'attended' },
      { assessorId: ids.IA050!, attendance: 'apologies' },
    ],
  });
});
afterAll(() => app.close());

function exercise() {
  return saveExercise(app.ctx, {
    eventId,
    title: 'Sample marking: projects',
    standardVersionId: versionId(app.ctx, '1.1'),
    instructions: null,
    items: [
      {
        label: 'Project A',
        methodCode: 'WBP',
        description: 'Anonymised WBP',
        agreedGrade: 'Distinction',
        agreedCriteria: { 'WBP-P1': 'met', 'WBP-D1': 'met' },
      },
      {
        label: 'Project B',
        methodCode: 'WBP',
        description: null,
        agreedGrade: 'Pass',
        agreedCriteria: {},
      },
      {
        label: 'Recording C',
        methodCode: 'O',
        description: null,
        agreedGrade: 'Pass',
        agreedCriteria: {},
      },
      {
        label: 'Recording D',
        methodCode: 'PD',
        description: null,
        agreedGrade: 'Fail',
        agreedCriteria: {},
      },
    ],
  });
}

describe('a sample-marking exercise', () => {
  it('computes exact agreement, weighted kappa and the group spread from the recorded grades', () => {
    const x = exercise();
    const [a, b, c, d] = x.items.map((i) => i.id) as [number, number, number, number];
    const grade = (
      assessor: string,
      grades: string[],
      criteria: Record<string, 'met' | 'not_met'> = {},
    ) =>
      recordMarks(app.ctx, {
        exerciseId: x.id,
        assessorId: ids[assessor]!,
        marks: [a, b, c, d].map((itemId, i) => ({
          itemId,
          grade: grades[i]!,
          criteria: i === 0 ? criteria : {},
          note: null,
        })),
      });
    grade('IA010', ['Distinction', 'Pass', 'Distinction', 'Fail'], {
      'WBP-P1': 'met',
      'WBP-D1': 'met',
    });
    grade('IA020', ['Pass', 'Pass', 'Pass', 'Pass'], { 'WBP-P1': 'met', 'WBP-D1': 'not_met' });
    const done = grade('IA030', ['Fail', 'Pass', 'Pass', 'Fail']);

    const r = done.results;
    const ann = r.assessors.find((p) => p.ref === 'IA010')!;
    // Hand-worked (see the shared test): 3 of 4 exact, kappa (0.9375 - 0.6875) / 0.3125 = 0.8.
    expect(ann.exact).toBeCloseTo(0.75, 12);
    expect(ann.kappa.value).toBeCloseTo(0.8, 12);
    expect(ann.meanDifference).toBeCloseTo(0.25, 12);
    expect(r.assessors.find((p) => p.ref === 'IA020')!.kappa.value).toBeCloseTo(0, 12);
    expect(r.assessors.find((p) => p.ref === 'IA030')!.distant).toBe(1);
    expect(r.assessors.find((p) => p.ref === 'IA040')!.followUp).toEqual([
      'no grades recorded yet',
    ]);
    // IA050 sent apologies, so is not a participant.
    expect(r.assessors.map((p) => p.ref)).toEqual(['IA010', 'IA020', 'IA030', 'IA040']);
    // Pooled: 8 of 12 exact, kappa 4/11, AC2 73/115.
    expect(r.group.exact).toBeCloseTo(8 / 12, 12);
    expect(r.group.kappa.value).toBeCloseTo(4 / 11, 12);
    expect(r.group.ac.value).toBeCloseTo(73 / 115, 12);
    expect(r.items[0]).toMatchObject({
      counts: { Fail: 1, Pass: 1, Distinction: 1 },
      lowest: 'Fail',
      highest: 'Distinction',
    });
    expect(getEvent(app.ctx, eventId).exercises).toEqual([
      {
        id: x.id,
        title: 'Sample marking: projects',
        standard: 'ST0071 v1.1',
        items: 4,
        markers: 3,
        followUp: 4,
      },
    ]);

    // Correcting a grade replaces it; the figures follow.
    const fixed = recordMarks(app.ctx, {
      exerciseId: x.id,
      assessorId: ids.IA010!,
      marks: [{ itemId: c, grade: 'Pass', criteria: {}, note: 'Re-read the descriptors' }],
    });
    expect(fixed.results.assessors.find((p) => p.ref === 'IA010')).toMatchObject({
      matches: 4,
      exact: 1,
    });
  });
});

describe('validation', () => {
  it('refuses what does not fit', async () => {
    const list = await dispatch(app.ctx, 'standardisation:get-event', { eventId });
    expect(list.ok).toBe(true);
    const x = (await dispatch(app.ctx, 'standardisation:get-exercise', {
      exerciseId: getEvent(app.ctx, eventId).exercises[0]!.id,
    })) as { ok: true; value: { id: number; items: { id: number }[] } };
    const itemId = x.value.items[0]!.id;
    const mark = (assessorId: number, grade: string, criteria: Record<string, string> = {}) =>
      dispatch(app.ctx, 'standardisation:record-marks', {
        exerciseId: x.value.id,
        assessorId,
        marks: [{ itemId, grade, criteria }],
      });
    expect(await mark(ids.IA050!, 'Pass')).toMatchObject({
      ok: false,
      error: {
        kind: 'refused',
        message:
          'Assessor IA050 (IA050) is not recorded as attending this event; record their attendance first.',
      },
    });
    expect(await mark(ids.IA010!, 'Merit')).toMatchObject({
      ok: false,
      error: {
        message: 'Project A: “Merit” is not a grade of ST0071 v1.1 (Fail, Pass, Distinction).',
      },
    });
    expect(await mark(ids.IA010!, 'Pass', { 'O-P2': 'met' })).toMatchObject({
      ok: false,
      error: { message: 'Project A: O-P2 is not a criterion of ST0071 v1.1 WBP.' },
    });
    expect(await mark(ids.IA010!, 'Pass', { 'WBP-P1': 'maybe' })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    // An exercise must be on a version the event covered.
    expect(
      await dispatch(app.ctx, 'standardisation:save-exercise', {
        eventId,
        title: 'Old version',
        standardVersionId: versionId(app.ctx, '1.0'),
        items: [{ label: 'X', agreedGrade: 'Pass' }],
      }),
    ).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(
      await dispatch(app.ctx, 'standardisation:save-exercise', {
        eventId,
        title: 'Duplicates',
        standardVersionId: versionId(app.ctx, '1.1'),
        items: [
          { label: 'X', agreedGrade: 'Pass' },
          { label: 'x', agreedGrade: 'Pass' },
        ],
      }),
    ).toMatchObject({ ok: false, error: { message: 'Two items are labelled “x”.' } });
  });

  it('keeps grades when items are edited, drops them with a removed item, and removes a leaver’s grades with their attendance', () => {
    const event = getEvent(app.ctx, eventId);
    const first = event.exercises[0]!.id;
    const count = app.ctx.sqlite
      .prepare(
        'SELECT count(*) FROM standardisation_exercise_marks m JOIN standardisation_exercise_items i ON i.id = m.item_id WHERE i.exercise_id = ?',
      )
      .pluck();
    expect(count.get(first)).toBe(12);
    const current = (
      app.ctx.sqlite
        .prepare(
          'SELECT id, label, agreed_grade AS agreedGrade FROM standardisation_exercise_items WHERE exercise_id = ? ORDER BY position',
        )
        .all(first) as { id: number; label: string; agreedGrade: string }[]
    ).map((i) => ({
      id: i.id,
      label: i.label,
      methodCode: null,
      description: null,
      agreedGrade: i.agreedGrade,
      agreedCriteria: {},
    }));
    // Reordered and relabelled: the grades stay with their items.
    saveExercise(app.ctx, {
      eventId,
      exerciseId: first,
      title: 'Sample marking: projects (revised)',
      standardVersionId: versionId(app.ctx, '1.1'),
      instructions: null,
      items: [...current].reverse().map((i) => ({ ...i, label: `${i.label} (rev)` })),
    });
    expect(count.get(first)).toBe(12);
    // Dropping Recording D drops the three grades given to it.
    saveExercise(app.ctx, {
      eventId,
      exerciseId: first,
      title: 'Sample marking: projects (revised)',
      standardVersionId: versionId(app.ctx, '1.1'),
      instructions: null,
      items: current.slice(0, 3),
    });
    expect(count.get(first)).toBe(9);
    // Attendance cannot be changed away from "attended" while grades exist...
    expect(() =>
      setAttendance(app.ctx, {
        eventId,
        entries: [{ assessorId: ids.IA020!, attendance: 'absent' }],
      }),
    ).toThrow(/has grades in this event’s sample-marking exercises/);
    // ...but removing the record removes their grades with it.
    removeAttendance(app.ctx, { eventId, assessorId: ids.IA020! });
    expect(count.get(first)).toBe(6);
    const ev = deleteExercise(app.ctx, first);
    expect(ev.exercises.map((e) => e.id)).not.toContain(first);
  });
});
