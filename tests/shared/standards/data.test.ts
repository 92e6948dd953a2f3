import { describe, expect, it } from 'vitest';

import {
  StandardDefinitionError,
  StandardDefinitionSchema,
  findDefinitionProblems,
  findVersion,
  loadBuiltInStandards,
  parseStandardDefinition,
  type StandardDefinition,
  type StandardVersion,
} from '@shared/standards';
import st0071Json from '../../../src/shared/standards/data/st0071.json' with { type: 'json' };

const [st0071] = loadBuiltInStandards();
if (!st0071) throw new Error('ST0071 is not built in');

function version(v: string): StandardVersion {
  const found = findVersion(st0071!, v);
  if (!found) throw new Error(`no version ${v}`);
  return found;
}

function copy(): StandardDefinition {
  return structuredClone(StandardDefinitionSchema.parse(st0071Json));
}

function problemsOf(json: unknown): readonly string[] {
  try {
    parseStandardDefinition(json);
  } catch (error) {
    if (error instanceof StandardDefinitionError) return error.problems;
    throw error;
  }
  return [];
}

const allCriteria = (v: StandardVersion) => v.methods.flatMap((m) => m.criteria);

// "Resolve complex issues by being able to choose from and successfully apply a wide range of
// approaches" is S2 in the order of 001's Appendix A.
const RESOLVE_COMPLEX_ISSUES = 'S2';

describe('the built-in ST0071 definition', () => {
  it('loads and passes every semantic check', () => {
    expect(st0071.code).toBe('ST0071');
    expect(st0071.level).toBe(3);
    expect(st0071.versions.map((v) => v.version)).toEqual(['1.0', '1.1']);
    expect(findDefinitionProblems(st0071)).toEqual([]);
  });

  it.each(['1.0', '1.1'])('version %s has all 47 KSBs: 18 K, 17 S, 12 B', (v) => {
    const kinds = version(v).ksbs.map((k) => k.kind);
    expect(kinds.filter((k) => k === 'knowledge')).toHaveLength(18);
    expect(kinds.filter((k) => k === 'skill')).toHaveLength(17);
    expect(kinds.filter((k) => k === 'behaviour')).toHaveLength(12);
  });

  it.each(['1.0', '1.1'])('version %s assesses each KSB by exactly one method', (v) => {
    for (const ksb of version(v).ksbs) expect(ksb.methods).toHaveLength(1);
  });

  it('has the pass and distinction criteria of 001 Appendix B and 004', () => {
    const count = (v: StandardVersion) =>
      Object.fromEntries(
        v.methods.map((m) => [
          m.code,
          [m.criteria.filter((c) => c.grade === 'Pass').length, m.criteria.length],
        ]),
      );
    expect(count(version('1.0'))).toEqual({ O: [21, 23], WBP: [16, 25], PD: [11, 14] });
    expect(count(version('1.1'))).toEqual({ O: [20, 22], WBP: [16, 25], PD: [12, 15] });
  });

  it('uses three methods graded Fail, Pass, Distinction', () => {
    for (const v of st0071.versions) {
      expect(v.methods.map((m) => m.code)).toEqual(['O', 'WBP', 'PD']);
      expect(v.grades).toEqual(['Fail', 'Pass', 'Distinction']);
      expect(v.passGrade).toBe('Pass');
    }
  });
});

describe('version 1.0 and version 1.1 differ as the seeds say', () => {
  const v10 = version('1.0');
  const v11 = version('1.1');

  it('assesses "resolve complex issues" by observation in 1.0 and by discussion in 1.1', () => {
    const s2in = (v: StandardVersion) => v.ksbs.find((k) => k.code === RESOLVE_COMPLEX_ISSUES);
    expect(s2in(v10)?.statement).toMatch(/^Resolve complex issues/);
    expect(s2in(v10)?.methods).toEqual(['O']);
    expect(s2in(v11)?.methods).toEqual(['PD']);
  });

  it('moves its pass criterion from the observation to the discussion under a new code', () => {
    const resolution = /^Demonstrates resolution of a range of complex customer service issues/;
    const find = (v: StandardVersion, method: string) =>
      v.methods
        .find((m) => m.code === method)
        ?.criteria.filter((c) => resolution.test(c.text))
        .map((c) => ({ code: c.code, grade: c.grade, ksbs: c.ksbs }));
    expect(find(v10, 'O')).toEqual([{ code: 'O-P1', grade: 'Pass', ksbs: ['S2', 'B3'] }]);
    expect(find(v10, 'PD')).toEqual([]);
    expect(find(v11, 'O')).toEqual([]);
    expect(find(v11, 'PD')).toEqual([{ code: 'PD-P12', grade: 'Pass', ksbs: ['S2'] }]);
  });

  it('changes nothing else about which method assesses which KSB', () => {
    const mapping = (v: StandardVersion) =>
      v.ksbs.filter((k) => k.code !== RESOLVE_COMPLEX_ISSUES).map((k) => [k.code, k.methods]);
    expect(mapping(v11)).toEqual(mapping(v10));
  });

  it('keeps the same code for every criterion the versions share', () => {
    const codes10 = allCriteria(v10).map((c) => c.code);
    const codes11 = allCriteria(v11).map((c) => c.code);
    expect(codes10.filter((c) => !codes11.includes(c))).toEqual(['O-P1']);
    expect(codes11.filter((c) => !codes10.includes(c))).toEqual(['PD-P12']);
    for (const c11 of allCriteria(v11)) {
      const c10 = allCriteria(v10).find((c) => c.code === c11.code);
      if (!c10) continue;
      expect(c11.grade).toBe(c10.grade);
      expect(c11.ksbs).toEqual(c10.ksbs);
      // Wording may differ only in small ways between 001 and 004 ("3"/"three", "team work").
      expect(similarity(c10.text, c11.text)).toBeGreaterThan(0.85);
    }
  });

  it('gives each criterion code a method prefix and the grade initial', () => {
    for (const v of st0071.versions) {
      for (const m of v.methods) {
        for (const c of m.criteria)
          expect(c.code).toMatch(new RegExp(`^${m.code}-${c.grade[0]}\\d+$`));
      }
    }
  });
});

describe('semantic checks reject broken copies', () => {
  it('names an unknown method in a KSB', () => {
    const broken = copy();
    const ksb = broken.versions[1]!.ksbs.find((k) => k.code === 'K5')!;
    ksb.methods = ['PD', 'Presentation'];
    const problems = problemsOf(broken);
    expect(problems).toContainEqual(expect.stringContaining("KSB K5 names method 'Presentation'"));
    expect(problems[0]).toMatch(/^version 1\.1: /);
    expect(() => parseStandardDefinition(broken)).toThrow(/ST0071.*\n.*'Presentation'/);
  });

  it('names an unknown KSB in a criterion', () => {
    const broken = copy();
    broken.versions[0]!.methods[2]!.criteria[0]!.ksbs = ['K99'];
    expect(problemsOf(broken)).toContainEqual(
      "version 1.0: criterion PD-P1 names KSB 'K99', which does not exist",
    );
  });

  it('catches a KSB moved without moving its criterion', () => {
    const broken = copy();
    broken.versions[0]!.ksbs.find((k) => k.code === 'S2')!.methods = ['PD'];
    const problems = problemsOf(broken);
    expect(problems).toContainEqual(
      'version 1.0: criterion O-P1 names KSB S2, which method O does not assess',
    );
    expect(problems).toContainEqual(
      'version 1.0: KSB S2 is assessed by PD but no PD pass criterion names it',
    );
  });

  it('rejects overall grade rules naming a grade the version does not have', () => {
    const broken = copy();
    broken.versions[0]!.overallGrade.rules[1] = { when: { all: 'Distinction*' }, grade: 'Merit' };
    const problems = problemsOf(broken);
    expect(problems).toContainEqual("version 1.0: overallGrade rule 2 names unknown grade 'Merit'");
    expect(problems).toContainEqual(
      "version 1.0: overallGrade rule 2 names unknown grade 'Distinction*'",
    );
  });

  it("requires a final 'otherwise' rule", () => {
    const broken = copy();
    broken.versions[0]!.overallGrade.rules.pop();
    expect(problemsOf(broken)).toContainEqual(expect.stringContaining("must be 'otherwise'"));
  });

  it('rejects duplicate codes', () => {
    const broken = copy();
    const v = broken.versions[0]!;
    v.ksbs[1]!.code = 'K1';
    v.methods[1]!.criteria[1]!.code = 'WBP-P1';
    v.methods[2]!.code = 'O';
    const problems = problemsOf(broken);
    expect(problems).toContainEqual("version 1.0: KSB code 'K1' is used twice");
    expect(problems).toContainEqual("version 1.0: criterion code 'WBP-P1' is used twice");
    expect(problems).toContainEqual("version 1.0: method code 'O' is used twice");
  });

  it('rejects a re-sit cap or pass grade that is not a grade', () => {
    const broken = copy();
    broken.versions[0]!.resits.cap = 'Merit';
    broken.versions[0]!.passGrade = 'Credit';
    const problems = problemsOf(broken);
    expect(problems).toContainEqual("version 1.0: resits.cap 'Merit' is not one of the grades");
    expect(problems).toContainEqual(expect.stringContaining("passGrade 'Credit'"));
  });

  it('rejects an alias that two methods would share', () => {
    const broken = copy();
    broken.versions[0]!.methods[2]!.aliases.push('Observation');
    expect(problemsOf(broken)).toContainEqual(
      "version 1.0: name 'observation' would match both method O and method PD",
    );
  });

  it('rejects a limit range whose minimum is above its maximum', () => {
    const broken = copy();
    broken.versions[0]!.methods[0]!.limits.durationMinutes = { nominal: 60, min: 66, max: 54 };
    expect(problemsOf(broken)).toContainEqual(
      'version 1.0: method O limits.durationMinutes must have min <= nominal <= max',
    );
  });

  it('reports shape errors with their path, and misspelt keys', () => {
    const broken = structuredClone(st0071Json) as unknown as Record<string, unknown>;
    const versions = broken.versions as Record<string, unknown>[];
    (versions[0]!.ksbs as Record<string, unknown>[])[0]!.kind = 'attitude';
    versions[1]!.passgrade = 'Pass';
    const problems = problemsOf(broken);
    expect(problems).toContainEqual(expect.stringMatching(/^versions\[0\]\.ksbs\[0\]\.kind: /));
    expect(problems).toContainEqual(expect.stringContaining('passgrade'));
  });

  it('rejects a version listed twice', () => {
    const broken = copy();
    broken.versions[1]!.version = '1.0';
    expect(problemsOf(broken)).toContainEqual('version 1.0 appears twice');
  });
});

/** Share of words in common, enough to tell a rewording from a different criterion. */
function similarity(a: string, b: string): number {
  const words = (s: string) => s.toLowerCase().match(/[a-z]+/g) ?? [];
  const wa = words(a);
  const wb = new Set(words(b));
  return wa.filter((w) => wb.has(w)).length / Math.max(wa.length, wb.size);
}
