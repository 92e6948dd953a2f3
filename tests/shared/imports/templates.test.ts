import { describe, expect, it } from 'vitest';
import {
  guessKind,
  headerSetKey,
  IMPORT_TEMPLATES,
  mappingProblems,
  matchHeaders,
  normaliseHeader,
} from '../../../src/shared/imports';

describe('the templates, a published interface', () => {
  it('has exactly the header names the issue publishes, in order', () => {
    const names = (kind: keyof typeof IMPORT_TEMPLATES): string =>
      IMPORT_TEMPLATES[kind].columns.map((c) => c.name).join(', ');
    expect(names('decisions')).toBe(
      'decision_ref, uln, given_name, family_name, employer, provider_ukprn, provider_name, standard_code, standard_version, gateway_date, method, attempt, assessor_ref, assessor_name, assessment_date, grade, duration_minutes, questioning_minutes, word_count, evidence_pieces, exceptional_circumstances',
    );
    expect(names('moderation')).toBe(
      'decision_ref, moderator, moderation_date, activity, moderated_grade, feedback',
    );
    expect(names('assessors')).toBe(
      'assessor_ref, name, email, start_date, qualification_status, competence_since, conflicts',
    );
    expect(names('standardisation')).toBe('event_date, event_title, assessor_ref, attended');
    const required = IMPORT_TEMPLATES.decisions.columns
      .filter((c) => c.required)
      .map((c) => c.name);
    expect(required).toEqual([
      'uln',
      'standard_code',
      'method',
      'assessor_ref',
      'assessment_date',
      'grade',
    ]);
    expect(
      IMPORT_TEMPLATES.moderation.columns.filter((c) => !c.required).map((c) => c.name),
    ).toEqual(['feedback']);
  });
});

describe('matching headers', () => {
  it('matches the template names whatever the case and spacing', () => {
    expect(normaliseHeader('\uFEFF Decision Ref ')).toBe('decision_ref');
    const m = matchHeaders('standardisation', [
      'Event Date',
      'EVENT_TITLE',
      'assessor-ref',
      'Attended',
    ]);
    expect(m).toMatchObject({ exact: true, missingRequired: [], unused: [] });
  });

  it('suggests synonyms but does not call them a match', () => {
    const m = matchHeaders('decisions', [
      'Learner ULN',
      'Standard',
      'Component',
      'Assessor',
      'Date assessed',
      'Result',
      'Comments',
    ]);
    expect(m.exact).toBe(false);
    expect(m.mapping).toMatchObject({
      uln: 'Learner ULN',
      standard_code: 'Standard',
      method: 'Component',
      assessor_ref: 'Assessor',
      assessment_date: 'Date assessed',
      grade: 'Result',
      decision_ref: null,
    });
    expect(m.unused).toEqual(['Comments']);
    expect(
      guessKind(['Learner ULN', 'Standard', 'Component', 'Assessor', 'Date assessed', 'Result']),
    ).toBe('decisions');
    expect(guessKind(['event_date', 'event_title', 'assessor_ref', 'attended'])).toBe(
      'standardisation',
    );
    expect(guessKind(['colour', 'size'])).toBeNull();
    // An export that names the standard oddly is still decisions, not assessors (which needs
    // only a ref and a name).
    expect(
      guessKind([
        'Learner ULN',
        'Std',
        'Assessment method',
        'Assessor',
        'Name',
        'Date assessed',
        'Result',
        'Gateway passed',
        'Duration (mins)',
        'Evidence items',
      ]),
    ).toBe('decisions');
    expect(guessKind(['assessor_ref', 'name', 'email', 'start_date'])).toBe('assessors');
    expect(
      guessKind(['decision_ref', 'moderator', 'moderation_date', 'activity', 'moderated_grade']),
    ).toBe('moderation');
  });

  it('files mappings under the header set, whatever the order and spelling', () => {
    expect(headerSetKey(['Result', 'Learner ULN'])).toBe(headerSetKey(['learner uln', ' result ']));
    expect(headerSetKey(['Result'])).not.toBe(headerSetKey(['Result', 'Notes']));
  });

  it('explains what is wrong with a mapping', () => {
    expect(
      mappingProblems(
        'standardisation',
        { event_date: 'When', event_title: 'When', assessor_ref: 'Who', attended: null },
        ['When', 'Who'],
      ),
    ).toEqual([
      'Column "When" is chosen for both event_date and event_title.',
      'Choose the column that holds attended (required).',
    ]);
  });
});
