import type { HandlerMap } from '../api/types';
import { complianceView, exportCompliance } from './compliance';
import {
  deleteEvent,
  getEvent,
  listEvents,
  removeAttendance,
  saveEvent,
  setAttendance,
} from './events';
import { loadExercise } from './exercise-results';
import { deleteExercise, recordMarks, saveExercise } from './exercises';
import { currentPolicy, setPolicy } from './policy';
import { standardisationReport } from './report';
import { exportReport } from './report-export';
import { versionChoices } from './versions';

type Channels =
  | 'standardisation:versions'
  | 'standardisation:list-events'
  | 'standardisation:get-event'
  | 'standardisation:save-event'
  | 'standardisation:delete-event'
  | 'standardisation:set-attendance'
  | 'standardisation:remove-attendance'
  | 'standardisation:get-exercise'
  | 'standardisation:save-exercise'
  | 'standardisation:delete-exercise'
  | 'standardisation:record-marks'
  | 'standardisation:compliance'
  | 'standardisation:export-compliance'
  | 'standardisation:report'
  | 'standardisation:export-report'
  | 'standardisation:get-policy'
  | 'standardisation:set-policy';

export const standardisationHandlers: HandlerMap<Channels> = {
  'standardisation:versions': (ctx) => versionChoices(ctx),
  'standardisation:list-events': (ctx, input) => listEvents(ctx, input),
  'standardisation:get-event': (ctx, input) => getEvent(ctx, input.eventId),
  'standardisation:save-event': (ctx, input) => saveEvent(ctx, input),
  'standardisation:delete-event': (ctx, input) => deleteEvent(ctx, input.eventId),
  'standardisation:set-attendance': (ctx, input) => setAttendance(ctx, input),
  'standardisation:remove-attendance': (ctx, input) => removeAttendance(ctx, input),
  'standardisation:get-exercise': (ctx, input) => loadExercise(ctx, input.exerciseId),
  'standardisation:save-exercise': (ctx, input) => saveExercise(ctx, input),
  'standardisation:delete-exercise': (ctx, input) => deleteExercise(ctx, input.exerciseId),
  'standardisation:record-marks': (ctx, input) => recordMarks(ctx, input),
  'standardisation:compliance': (ctx, input) => complianceView(ctx, input),
  'standardisation:export-compliance': (ctx, input) => exportCompliance(ctx, input),
  'standardisation:report': (ctx, input) => standardisationReport(ctx, input),
  'standardisation:export-report': (ctx, input) => exportReport(ctx, input),
  'standardisation:get-policy': (ctx) => ({ policy: currentPolicy(ctx) }),
  'standardisation:set-policy': (ctx, input) => setPolicy(ctx, input.policy),
};
