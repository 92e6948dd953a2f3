/**
 * A believable standardisation history for the demo: events three times a year going back
 * three-and-a-half years, a version 1.1 launch event before the first v1.1 EPA, inductions for
 * new starters, attendance that keeps most assessors in date, and a realistic few who are not
 * (two overdue, three due soon, one new starter never standardised, one whose qualification
 * deadline passed, one with a declared conflict), plus the register details, approvals, CPD and
 * two sample-marking exercises. It uses its own random stream, so the decisions the rest of the
 * demo draws are unchanged by it.
 */
import { createRng } from '@shared/random';
import type { AppContext } from '../core/context';
import type { VersionRow } from '../standards/load';
import { DEMO_MODERATORS } from './history';
import { writeDemoExercises } from './standardisation-exercises';

const DAY = 86_400_000;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

type Mark = 'attended' | 'apologies' | 'absent' | null;

interface PlannedEvent {
  date: string;
  title: string;
  /** Both versions from the v1.1 launch on; the first version only before it. */
  allVersions: boolean;
  format: 'in_person' | 'remote';
}

export interface DemoAssessorStart {
  ref: string;
  start: string;
  isNew: boolean;
}

export interface StandardisationPlan {
  events: PlannedEvent[];
  /** attendance[assessor][event] */
  attendance: Mark[][];
  /** The first day each assessor may assess: after their first standardisation. */
  availableFrom: string[];
}

/** Whose record tells which story (indices into the demo's 30 assessors). */
export const DEMO_CASES = {
  overdue: [5, 21],
  dueSoon: [8, 12, 24],
  neverAttended: 29,
  qualificationLapsed: 16,
  conflict: 10,
} as const;

const LAUNCH_DAYS = 455;
const CATCH_UP_DAYS = 320;
const REGULAR_DAYS = [30, 150, 270, 420, 540, 660, 780, 900, 1020, 1140, 1260];

export function planStandardisation(
  now: string,
  assessors: readonly DemoAssessorStart[],
  seed: number,
): StandardisationPlan {
  const rng = createRng((seed ^ 0x5a17) >>> 0);
  const events: PlannedEvent[] = [];
  for (const days of REGULAR_DAYS)
    events.push({
      date: addDays(now, -days),
      title: days === 30 ? 'Winter standardisation' : 'Standardisation meeting',
      allVersions: days < LAUNCH_DAYS,
      format: days % 240 === 30 ? 'in_person' : 'remote',
    });
  events.push({
    date: addDays(now, -LAUNCH_DAYS),
    title: 'Version 1.1 launch standardisation',
    allVersions: true,
    format: 'in_person',
  });
  events.push({
    date: addDays(now, -CATCH_UP_DAYS),
    title: 'Regional catch-up standardisation',
    allVersions: true,
    format: 'remote',
  });
  const inductions = new Map<number, number>();
  assessors.forEach((a, i) => {
    if (!a.isNew || i === DEMO_CASES.neverAttended) return;
    inductions.set(events.length, i);
    events.push({
      date: a.start,
      title: `Induction standardisation (${a.ref})`,
      allVersions: true,
      format: 'remote',
    });
  });
  const order = events
    .map((_, i) => i)
    .sort((a, b) =>
      (events[a] as PlannedEvent).date.localeCompare((events[b] as PlannedEvent).date),
    );

  const attendance: Mark[][] = [];
  const availableFrom: string[] = [];
  assessors.forEach((a, i) => {
    const row: Mark[] = events.map(() => null);
    let last: string | null = null;
    let first: string | null = null;
    // Events are four months apart: missing two in a row would lapse the year.
    const stale = (date: string): boolean => last !== null && last < addDays(date, -240);
    const recent = order.filter(
      (e) => !inductions.has(e) && (events[e] as PlannedEvent).date >= addDays(now, -280),
    );
    for (const e of order) {
      const ev = events[e] as PlannedEvent;
      if (ev.date < a.start) continue;
      const induction = inductions.get(e);
      if (induction !== undefined && induction !== i) continue;
      let go: boolean;
      if (i === DEMO_CASES.neverAttended) go = false;
      else if (induction === i || first === null || ev.title.startsWith('Version 1.1')) go = true;
      else if ((DEMO_CASES.overdue as readonly number[]).includes(i))
        go = ev.date <= addDays(now, -LAUNCH_DAYS) && (rng.chance(0.8) || stale(ev.date));
      else if ((DEMO_CASES.dueSoon as readonly number[]).includes(i))
        go =
          ev.date === addDays(now, -CATCH_UP_DAYS) ||
          (ev.date < addDays(now, -CATCH_UP_DAYS) && (rng.chance(0.7) || stale(ev.date)));
      else if (recent.includes(e))
        go =
          rng.chance(0.7) ||
          stale(ev.date) ||
          (e === recent.at(-1) && last !== null && last < addDays(now, -200));
      else go = rng.chance(0.7) || stale(ev.date);
      row[e] = go ? 'attended' : ev.date > now ? null : rng.chance(0.7) ? 'apologies' : 'absent';
      if (go) {
        last = ev.date;
        first ??= ev.date;
      }
    }
    attendance.push(row);
    availableFrom.push(first ?? a.start);
  });
  return { events, attendance, availableFrom };
}

const QUALIFICATIONS = [
  'Level 3 Certificate in Assessing Vocational Achievement',
  'TAQA Level 3 Award in Understanding the Principles and Practices of Assessment',
  'Level 3 Award in Assessing Competence in the Work Environment',
  'PGCE (post-compulsory education)',
];
const SECTORS = [
  'Customer service manager in retail banking',
  'Contact centre team leader, utilities',
  'Guest services manager in hospitality',
  'Customer experience lead, telecommunications',
  'Complaints resolution manager, local government',
];
const CPD = [
  ['Webinar: assessing professional discussions', 1.5],
  ['Read the revised assessment plan and grading descriptors', 2],
  ['Shadowed a lead assessor on two observations', 6],
  ['Customer service sector update conference', 7],
  ['Equality and diversity refresher', 3],
  ['Occupational update: complaints handling placement', 7.5],
] as const;

export interface DemoIds {
  assessorIds: readonly number[];
  qualification: readonly string[];
  bias: readonly number[];
  isNew: readonly boolean[];
}

/** Writes the plan, the register details and the exercises. Runs inside the demo's transaction. */
export function writeDemoStandardisation(
  ctx: AppContext,
  plan: StandardisationPlan,
  ids: DemoIds,
  options: {
    now: string;
    seed: number;
    versions: readonly VersionRow[];
    batchId: number;
    actor: string;
  },
): void {
  const s = ctx.sqlite;
  const rng = createRng((options.seed ^ 0x0c0de) >>> 0);
  const { now } = options;
  const byCode = new Map<string, VersionRow[]>();
  for (const v of options.versions) byCode.set(v.code, [...(byCode.get(v.code) ?? []), v]);
  const first = options.versions.filter(
    (v, i, all) => all.findIndex((x) => x.code === v.code) === i,
  );
  const launch = addDays(now, -LAUNCH_DAYS);
  // A superseded version's approvals end with its last EPA: nobody needs standardising on it now.
  const retiredOn = new Map<number, string>();
  for (const v of first) {
    if ((byCode.get(v.code) ?? []).length < 2) continue;
    const last = s
      .prepare(
        'SELECT max(d.assessment_date) FROM decisions d JOIN epas e ON e.id = d.epa_id WHERE e.standard_version_id = ?',
      )
      .pluck()
      .get(v.id) as string | null;
    retiredOn.set(v.id, last ?? launch);
  }
  // Before the launch, the first version only; after a version's last EPA, not that version.
  const names = (e: PlannedEvent): string[] =>
    [...byCode.values()].flatMap((vs) =>
      (e.allVersions ? vs : vs.slice(0, 1))
        .filter((v) => !(retiredOn.has(v.id) && e.date > (retiredOn.get(v.id) as string)))
        .map((v) => `${v.code} v${v.version}`),
    );

  const insertEvent = s.prepare(
    `INSERT INTO standardisation_events (event_date, title, standards_json, format, facilitator, agenda, notes, created_by, import_batch_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttendance = s.prepare(
    'INSERT INTO standardisation_attendance (event_id, assessor_id, attendance) VALUES (?, ?, ?)',
  );
  const eventIds = plan.events.map((e, i) =>
    Number(
      insertEvent.run(
        e.date,
        e.title,
        JSON.stringify(names(e)),
        e.format,
        DEMO_MODERATORS[i % DEMO_MODERATORS.length],
        'Grading criteria and descriptors; examples of evidence at each grade; sample marking of anonymised work; feedback and agreed actions.',
        null,
        options.actor,
        options.batchId,
      ).lastInsertRowid,
    ),
  );
  plan.attendance.forEach((row, a) =>
    row.forEach((mark, e) => {
      if (mark) insertAttendance.run(eventIds[e], ids.assessorIds[a], mark);
    }),
  );

  // Register details: competence, sector, qualification, approvals, CPD.
  const update = s.prepare(
    `UPDATE assessors SET qualification_name = ?, qualification_expected_by = ?, qualification_note = ?,
       qualification_status = ?, competence_evidence = ?, sector_experience = ? WHERE id = ?`,
  );
  const approve = s.prepare(
    'INSERT INTO assessor_approvals (assessor_id, standard_version_id, approved_from, approved_to) VALUES (?, ?, ?, ?)',
  );
  const cpd = s.prepare(
    'INSERT INTO assessor_cpd (assessor_id, activity_date, activity, hours, notes, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  );
  ids.assessorIds.forEach((id, i) => {
    const start = s
      .prepare('SELECT start_date FROM assessors WHERE id = ?')
      .pluck()
      .get(id) as string;
    let status = ids.qualification[i] as string;
    let expected: string | null =
      status === 'working_towards' ? addDays(now, rng.int(60, 300)) : null;
    if (i === DEMO_CASES.qualificationLapsed) {
      status = 'working_towards';
      expected = addDays(now, -75);
    }
    update.run(
      status === 'held'
        ? rng.pick(QUALIFICATIONS)
        : status === 'working_towards'
          ? QUALIFICATIONS[0]
          : null,
      expected,
      status === 'equivalent_expertise'
        ? 'Twelve years as a quality assessor for contact-centre calls; approved by the IQA lead on appointment.'
        : null,
      status,
      `CV and employer reference on file; ${rng.int(3, 15)} years in customer-facing management.`,
      rng.pick(SECTORS),
      id,
    );
    // Established assessors keep the first version (re-sits and late EPAs still use it); new
    // starters are approved on the latest only.
    for (const v of options.versions) {
      const isFirst = first.includes(v);
      if (isFirst && ids.isNew[i]) continue;
      approve.run(
        id,
        v.id,
        isFirst || start > launch ? start : launch,
        retiredOn.get(v.id) ?? null,
      );
    }
    // Two to four different activities, one of them within the last year.
    const order = CPD.map((_, k) => k);
    for (let k = order.length - 1; k > 0; k--) {
      const j = rng.int(0, k);
      [order[k], order[j]] = [order[j] as number, order[k] as number];
    }
    const entries = rng.int(2, 4);
    for (let k = 0; k < entries; k++) {
      const [activity, hours] = CPD[order[k] as number] as (typeof CPD)[number];
      const date = addDays(now, -(k === 0 ? rng.int(10, 330) : rng.int(20, 540)));
      if (date >= start) cpd.run(id, date, activity, hours, null, options.actor);
    }
  });

  // A conflict: the assessor declared a link with an employer whose apprentice they assessed.
  const conflictAssessor = ids.assessorIds[DEMO_CASES.conflict] as number;
  const employer = s
    .prepare(
      `SELECT emp.name, max(d.assessment_date) FROM decisions d JOIN epas e ON e.id = d.epa_id
       JOIN apprentices p ON p.id = e.apprentice_id JOIN employers emp ON emp.id = p.employer_id
       WHERE d.assessor_id = ? GROUP BY emp.id ORDER BY count(*), max(d.assessment_date) DESC LIMIT 1`,
    )
    .raw(true)
    .get(conflictAssessor) as [string, string] | undefined;
  if (employer)
    s.prepare(
      `INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on, note)
       VALUES ('assessor', ?, 'employer', ?, ?, ?)`,
    ).run(
      conflictAssessor,
      employer[0],
      addDays(employer[1], -20),
      'Former line manager works there.',
    );

  writeDemoExercises(ctx, plan, eventIds, ids, options, rng);
}
