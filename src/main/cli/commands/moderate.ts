import { OUTCOMES, ACTIVITIES, type Outcome } from '@shared/contract';
import { DomainError } from '../../core/errors';
import { saveModeration } from '../../moderation/save';
import { type CliCommand, UsageError } from '../types';

export const moderateCommand: CliCommand = {
  name: 'moderate',
  summary: 'Record a moderation of one sampled decision (for scripting and tests)',
  usage:
    'moderate DECISION_REF --grade G --outcome O --by NAME [--activity A] [--feedback TEXT] [--json]',
  options: {
    grade: { type: 'string', description: 'the moderated grade (Fail, Pass, Distinction)' },
    outcome: { type: 'string', description: OUTCOMES.join(' | ') },
    activity: {
      type: 'string',
      description: `${ACTIVITIES.join(' | ')} (default documentation_review)`,
    },
    feedback: { type: 'string', description: 'feedback to the assessor' },
  },
  run(ctx, { positionals, values, json }, io) {
    const ref = positionals[0];
    const grade = typeof values.grade === 'string' ? values.grade : undefined;
    const outcome = typeof values.outcome === 'string' ? values.outcome : undefined;
    const by = typeof values.by === 'string' ? values.by : undefined;
    if (!ref || !grade || !outcome || !by)
      throw new UsageError('DECISION_REF, --grade, --outcome and --by are required');
    if (!(OUTCOMES as readonly string[]).includes(outcome))
      throw new UsageError(`--outcome must be one of ${OUTCOMES.join(', ')}`);
    const activity = typeof values.activity === 'string' ? values.activity : 'documentation_review';
    if (!(ACTIVITIES as readonly string[]).includes(activity))
      throw new UsageError(`--activity must be one of ${ACTIVITIES.join(', ')}`);
    // The command line signs in the user --by names (cli/main.ts).
    if (ctx.session.userId === null)
      throw new DomainError(
        'not_found',
        `No active IQA user called "${by}". Add them in Settings first.`,
      );
    const decision = ctx.sqlite
      .prepare('SELECT id FROM decisions WHERE decision_ref = ?')
      .get(ref) as { id: number } | undefined;
    if (!decision) throw new DomainError('not_found', `No decision with reference ${ref}.`);
    const result = saveModeration(ctx, {
      decisionId: decision.id,
      activity,
      criteria: [],
      moderatedGrade: grade,
      outcome: outcome as Outcome,
      feedback: typeof values.feedback === 'string' ? values.feedback : undefined,
      actions: [],
    });
    const report = {
      decision_ref: ref,
      record_id: result.recordId,
      grade_changed: result.gradeChanged,
      overall_grade: result.overallGrade,
      escalation: result.escalation
        ? { assessor_ref: result.escalation.assessorRef, added: result.escalation.added }
        : null,
    };
    io.out(
      json
        ? JSON.stringify(report, null, 2)
        : `Moderation ${result.recordId} recorded for ${ref}${result.gradeChanged ? `; grade changed to ${grade}` : ''}${result.escalation ? `; ${result.escalation.assessorRef}'s sample raised (${result.escalation.added} added)` : ''}.`,
    );
    return 0;
  },
};
