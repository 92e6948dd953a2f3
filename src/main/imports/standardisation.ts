/**
 * Standardisation attendance: events (by date and title) and who attended. Feeds the
 * "every assessor at least once a year" check and the lapsed-standardisation flags.
 */
import { ATTENDED_ANSWERS, type Attendance } from '@shared/contract';
import { longDate, nameKey, parseYesNo } from '@shared/imports';
import { writeAudit } from '../audit/audit';
import { hasMarks } from '../standardisation/events';
import { refreshAssessorFlags, type AssessorRow } from './assessor-flags';
import type { ImportEnv, RowProcessor } from './env';
import { columnIndex, epaDate, unusableCells, rawDisplay } from './rows';

const C = columnIndex('standardisation');
const IMPORTED_COVERAGE_NOTE =
  'Imported without the standards it covered: counted for every standard held. Edit the event if it covered fewer.';

export function standardisationProcessor(env: ImportEnv): RowProcessor {
  const s = env.ctx.sqlite;
  const assessor = s.prepare(
    'SELECT id, ref, start_date AS startDate FROM assessors WHERE lower(ref) = lower(?)',
  );
  const eventsOn = s.prepare('SELECT id, title FROM standardisation_events WHERE event_date = ?');
  /** The event of that date and title, however the title's case and spacing were typed. */
  const storedEvent = (date: string, title: string): number | undefined =>
    (eventsOn.all(date) as { id: number; title: string }[]).find(
      (e) => nameKey(e.title) === nameKey(title),
    )?.id;
  const insertEvent = s.prepare(
    `INSERT INTO standardisation_events (event_date, title, standards_json, notes, created_by, import_batch_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // The template does not say what an event covered: it counts for every standard held (most
  // such files keep one standard's records), and its notes say so for the IQA lead to narrow.
  const everyStandard = JSON.stringify(
    s.prepare('SELECT code FROM standards ORDER BY code').pluck().all() as string[],
  );
  const touched = new Map<number, AssessorRow>();
  const attendance = s.prepare(
    'SELECT id, attendance FROM standardisation_attendance WHERE event_id = ? AND assessor_id = ?',
  );
  const insert = s.prepare(
    'INSERT INTO standardisation_attendance (event_id, assessor_id, attendance) VALUES (?, ?, ?)',
  );
  const update = s.prepare('UPDATE standardisation_attendance SET attendance = ? WHERE id = ?');
  const events = new Map<string, number>();
  const seen = new Map<string, number>();
  let eventsCreated = 0;

  return {
    row(n, v) {
      let bad = false;
      const problem = (column: string, value: string, message: string): void => {
        bad = true;
        env.problem(n, column, value, message);
      };
      unusableCells(env, v, problem);
      const date = epaDate(env, n, 'event_date', v[C.event_date] as string, problem);
      const title = (v[C.event_title] as string).replace(/\s+/g, ' ');
      const ref = v[C.assessor_ref] as string;
      const who =
        ref === ''
          ? undefined
          : (assessor.get(ref) as
              { id: number; ref: string; startDate: string | null } | undefined);
      if (ref !== '' && !who)
        problem('assessor_ref', ref, `assessor ${ref} is not known; import assessors first`);
      // As the app refuses it: standardisation evidence from before the assessor started.
      if (who?.startDate && date && who.startDate > date)
        problem(
          'event_date',
          v[C.event_date] as string,
          `${who.ref} started with the EPAO on ${longDate(who.startDate)}, after this event`,
        );
      const attendedText = v[C.attended] as string;
      let status: Attendance | null = null;
      if (/^apolog/i.test(attendedText)) status = 'apologies';
      else if (attendedText !== '') {
        const yn = parseYesNo(attendedText);
        if (yn.ok && yn.value !== null) status = yn.value ? 'attended' : 'absent';
        else problem('attended', attendedText, `'${attendedText}' is not yes or no`);
      }
      if (bad || !date || !who || !status || title === '') {
        env.outcome(n, 'rejected', rawDisplay(env, v));
        return;
      }
      const key = `${date}|${nameKey(title)}|${who.id}`;
      const first = seen.get(key);
      if (first !== undefined) {
        env.problem(
          n,
          'assessor_ref',
          ref,
          `row ${first} already records ${who.ref} at this event; a file may do so once`,
        );
        env.outcome(n, 'rejected', rawDisplay(env, v));
        return;
      }
      seen.set(key, n);
      const reason = `import batch ${env.batchId} (${env.fileName}, row ${n})`;
      const show = () => ({
        event_date: date,
        event_title: title,
        assessor_ref: who.ref,
        attended: status as string,
      });
      const eventKey = `${date}|${nameKey(title)}`;
      let event = events.get(eventKey) ?? storedEvent(date, title);
      if (event === undefined) {
        event = Number(
          insertEvent.run(
            date,
            title,
            everyStandard,
            IMPORTED_COVERAGE_NOTE,
            env.fileName,
            env.batchId,
          ).lastInsertRowid,
        );
        eventsCreated++;
        writeAudit(env.ctx, {
          action: 'standardisation.event-create',
          entity: 'standardisation_event',
          entityId: event,
          after: { date, title, reason },
        });
      }
      events.set(eventKey, event);
      const stored = attendance.get(event, who.id) as
        { id: number; attendance: Attendance } | undefined;
      if (stored?.attendance === status) {
        env.outcome(n, 'unchanged', show);
        return;
      }
      if (stored?.attendance === 'attended' && hasMarks(env.ctx, event, who.id)) {
        // As the app refuses it: their exercise grades would stand for an event not attended.
        env.problem(
          n,
          'attended',
          attendedText,
          `${who.ref} has grades in this event's sample-marking exercises, so stays recorded as attended; remove the attendance in the app to remove those grades too`,
        );
        env.outcome(n, 'rejected', show);
        return;
      }
      // The row that changed the assessor's record is where the flags it moves are told.
      touched.set(who.id, { row: n, ref: who.ref, typed: ref });
      if (!stored) {
        insert.run(event, who.id, status);
        writeAudit(env.ctx, {
          action: 'standardisation.attendance',
          entity: 'standardisation_event',
          entityId: event,
          after: { assessorId: who.id, assessorRef: who.ref, attendance: status, reason },
        });
        env.outcome(n, 'new', show);
      } else {
        update.run(status, stored.id);
        writeAudit(env.ctx, {
          action: 'standardisation.import-update',
          entity: 'standardisation_event',
          entityId: event,
          before: { assessorId: who.id, attendance: stored.attendance },
          after: {
            assessorId: who.id,
            attendance: status,
            reason,
          },
        });
        env.note(
          n,
          `attended: ${ATTENDED_ANSWERS[stored.attendance]} → ${ATTENDED_ANSWERS[status]}`,
        );
        env.outcome(n, 'changed', show);
      }
    },
    finish() {
      env.created({ standardisationEvents: eventsCreated });
      // Attendance decides whether these assessors' decisions carry a lapsed-standardisation flag.
      refreshAssessorFlags(env, touched);
    },
  };
}
