/**
 * Saved column mappings: saving one under a name already taken, and importing a file with one
 * (the columns its problems are reported in, the columns it leaves out, optional columns the
 * file lacks). Real SQLite, real CSV files, through the contract where the app calls it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, Channel, InputOf, OutputOf } from '../../../src/shared/contract';
import { dispatch } from '../../../src/main/api/dispatch';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { count } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
});
afterEach(() => app.close());

async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = (await dispatch(app.ctx, channel, input)) as ApiResult<OutputOf<C>>;
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

const decisionsHeaders = ['Learner ULN', 'Standard', 'Component', 'Assessor', 'Date', 'Result'];
const decisionsMapping = {
  uln: 'Learner ULN',
  standard_code: 'Standard',
  method: 'Component',
  assessor_ref: 'Assessor',
  assessment_date: 'Date',
  grade: 'Result',
};
const moderationHeaders = ['Ref', 'Moderator', 'When', 'Activity', 'Grade'];
const moderationMapping = {
  decision_ref: 'Ref',
  moderator: 'Moderator',
  moderation_date: 'When',
  activity: 'Activity',
  moderated_grade: 'Grade',
};

function audit(): { action: string; before: unknown; after: unknown }[] {
  return (
    app.ctx.sqlite
      .prepare(
        `SELECT action, before_json AS before, after_json AS after FROM audit_log
         WHERE action LIKE 'import.mapping-%' ORDER BY id`,
      )
      .all() as { action: string; before: string | null; after: string }[]
  ).map((r) => ({
    action: r.action,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: JSON.parse(r.after) as unknown,
  }));
}

describe('saving a mapping under a name already taken', () => {
  it("refuses the name of another template's mapping, in any capitals, and keeps that mapping", async () => {
    const decisions = await call('imports:save-mapping', {
      name: 'EPA Pro',
      kind: 'decisions',
      headers: decisionsHeaders,
      mapping: decisionsMapping,
    });
    for (const replace of [false, true]) {
      await expect(
        call('imports:save-mapping', {
          name: 'epa pro',
          kind: 'moderation',
          headers: moderationHeaders,
          mapping: moderationMapping,
          replace,
        }),
      ).rejects.toThrow(
        'refused: There is already a saved mapping called "EPA Pro", for assessor decisions files. Give this mapping another name.',
      );
    }
    expect(await call('imports:list-mappings', {})).toEqual([decisions]);
    expect(audit().map((a) => a.action)).toEqual(['import.mapping-save']);
  });

  it("asks before replacing this template's mapping of the same name, and replaces it when told to", async () => {
    const first = await call('imports:save-mapping', {
      name: 'EPA Pro',
      kind: 'decisions',
      headers: decisionsHeaders,
      mapping: decisionsMapping,
    });
    const headers = [...decisionsHeaders.slice(0, 5), 'Grade awarded'];
    const mapping = { ...decisionsMapping, grade: 'Grade awarded' };
    await expect(
      call('imports:save-mapping', { name: ' epa PRO ', kind: 'decisions', headers, mapping }),
    ).rejects.toThrow(
      'conflict: There is already a saved mapping called "EPA Pro" for assessor decisions files. Replace it with this one, or give this mapping another name.',
    );
    expect(await call('imports:list-mappings', {})).toEqual([first]);

    const replaced = await call('imports:save-mapping', {
      name: ' epa PRO ',
      kind: 'decisions',
      headers,
      mapping,
      replace: true,
    });
    // The same record, renamed as typed the second time, with the new columns.
    expect(replaced).toMatchObject({ id: first.id, name: 'epa PRO', kind: 'decisions', headers });
    expect(replaced.mapping).toMatchObject(mapping);
    expect(count(app.ctx, 'import_mappings')).toBe(1);
    expect(audit()).toEqual([
      expect.objectContaining({ action: 'import.mapping-save', before: null }),
      {
        action: 'import.mapping-update',
        before: expect.objectContaining({
          name: 'EPA Pro',
          kind: 'decisions',
          headers: decisionsHeaders,
        }) as unknown,
        after: expect.objectContaining({ name: 'epa PRO', kind: 'decisions', headers }) as unknown,
      },
    ]);
  });

  it('saves a new name with or without replace', async () => {
    const saved = await call('imports:save-mapping', {
      name: 'Training log',
      kind: 'moderation',
      headers: moderationHeaders,
      mapping: moderationMapping,
      replace: true,
    });
    expect(saved).toMatchObject({ name: 'Training log', kind: 'moderation' });
    await expect(
      call('imports:save-mapping', {
        name: 'Other',
        kind: 'moderation',
        headers: moderationHeaders,
        mapping: moderationMapping,
        replace: 'yes' as unknown as boolean,
      }),
    ).rejects.toThrow(/^validation: /);
  });
});
