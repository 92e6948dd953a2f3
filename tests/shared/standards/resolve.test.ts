import { describe, expect, it } from 'vitest';

import { loadBuiltInStandards, resolveGrade, resolveMethod } from '@shared/standards';

const [st0071] = loadBuiltInStandards();
if (!st0071) throw new Error('ST0071 is not built in');

describe.each(st0071.versions.map((v) => [v.version, v] as const))('version %s', (_label, v) => {
  it.each([
    ['O', 'O'],
    ['o', 'O'],
    ['Obs', 'O'],
    ['OBSERVATION', 'O'],
    ['  Practical   observation with Q&As ', 'O'],
    ['Practical observation (with Q&As)', 'O'],
    ['practical observation with questions and answers', 'O'],
    ['WBP', 'WBP'],
    ['Project', 'WBP'],
    ['work based project', 'WBP'],
    ['Work-based project', 'WBP'],
    ['Work-based project, supported by an interview', 'WBP'],
    ['pd', 'PD'],
    ['Discussion', 'PD'],
    ['Professional discussion', 'PD'],
    ['Professional Discussion supported by portfolio evidence', 'PD'],
  ])('resolves method %j to %s', (text, code) => {
    expect(resolveMethod(v, text)).toBe(code);
  });

  it.each(['', '   ', 'Multiple choice test', 'Interview only', 'P'])(
    'does not resolve method %j',
    (text) => {
      expect(resolveMethod(v, text)).toBeNull();
    },
  );

  it.each([
    ['P', 'Pass'],
    ['pass', 'Pass'],
    [' Pass ', 'Pass'],
    ['DISTINCTION', 'Distinction'],
    ['D', 'Distinction'],
    ['d', 'Distinction'],
    ['F', 'Fail'],
    ['fail', 'Fail'],
  ])('resolves grade %j to %s', (text, grade) => {
    expect(resolveGrade(v, text)).toBe(grade);
  });

  it.each(['Merit', 'M', 'Distinction*', 'Pass+', '', 'Pa', 'Referred'])(
    'does not resolve grade %j',
    (text) => {
      expect(resolveGrade(v, text)).toBeNull();
    },
  );
});
