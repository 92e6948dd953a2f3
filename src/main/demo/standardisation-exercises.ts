/**
 * The demo's sample-marking exercises: five evidence items at the two most recent regular events,
 * graded by every attendee, with the lenient and severe assessors drifting a grade their way on
 * about half the items, so the agreement figures and follow-up list show something real.
 */
import type { Rng } from '@shared/random';
import type { AppContext } from '../core/context';
import type { VersionRow } from '../standards/load';
import type { DemoIds, StandardisationPlan } from './standardisation';

const DAY = 86_400_000;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function criteriaFor(
  version: VersionRow,
  method: string,
  grade: string,
  rng: Rng,
): Record<string, string> {
  const m = version.definition.version.methods.find((x) => x.code === method);
  const out: Record<string, string> = {};
  const grades = version.definition.version.grades;
  const level = grades.indexOf(grade);
  for (const c of (m?.criteria ?? []).filter((_, i) => i % 5 === 0).slice(0, 4)) {
    const needed = grades.indexOf(c.grade);
    out[c.code] = level >= needed && !rng.chance(0.02) ? 'met' : 'not_met';
  }
  return out;
}

export function writeDemoExercises(
  ctx: AppContext,
  plan: StandardisationPlan,
  eventIds: number[],
  ids: Pick<DemoIds, 'assessorIds' | 'bias'>,
  options: { now: string; versions: readonly VersionRow[]; actor: string },
  rng: Rng,
): void {
  const s = ctx.sqlite;
  const version = options.versions.at(-1);
  if (!version) return;
  const grades = version.definition.version.grades;
  const items = [
    ['Project A (anonymised)', 'WBP', 'Distinction'],
    ['Project B (anonymised)', 'WBP', 'Pass'],
    ['Observation recording C', 'O', 'Pass'],
    ['Discussion recording D', 'PD', 'Fail'],
    ['Project E (anonymised)', 'WBP', 'Pass'],
  ] as const;
  for (const days of [30, 150]) {
    const e = plan.events.findIndex((x) => x.date === addDays(options.now, -days) && x.allVersions);
    if (e < 0) continue;
    const exerciseId = Number(
      s
        .prepare(
          `INSERT INTO standardisation_exercises (event_id, title, standard_version_id, instructions, created_by)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(
          eventIds[e],
          'Sample marking: projects and recordings',
          version.id,
          'Grade each item independently before the discussion; record the criteria you judged.',
          options.actor,
        ).lastInsertRowid,
    );
    items.forEach(([label, method, agreed], position) => {
      const itemId = Number(
        s
          .prepare(
            `INSERT INTO standardisation_exercise_items (exercise_id, position, label, method_code, agreed_grade, agreed_criteria_json)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            exerciseId,
            position,
            label,
            method,
            agreed,
            JSON.stringify(criteriaFor(version, method, agreed, rng)),
          ).lastInsertRowid,
      );
      plan.attendance.forEach((row, a) => {
        if (row[e] !== 'attended') return;
        // Lenient and severe assessors drift a grade their way on about half the items.
        const bias = ids.bias[a] ?? 0;
        const drift =
          Math.abs(bias) > 0.3 && rng.chance(0.5)
            ? Math.sign(bias)
            : rng.chance(0.08)
              ? rng.pick([-1, 1])
              : 0;
        const index = Math.max(0, Math.min(grades.length - 1, grades.indexOf(agreed) + drift));
        const grade = grades[index] as string;
        s.prepare(
          `INSERT INTO standardisation_exercise_marks (item_id, assessor_id, grade, criteria_json, recorded_by)
           VALUES (?, ?, ?, ?, ?)`,
        ).run(
          itemId,
          ids.assessorIds[a],
          grade,
          JSON.stringify(criteriaFor(version, method, grade, rng)),
          options.actor,
        );
      });
    });
  }
}
