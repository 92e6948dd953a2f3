/**
 * Sample-marking exercises: how closely each participant's grades reproduce the agreed grades,
 * how spread the group's grades are on each item, and who needs follow-up. Grades are ordinal
 * indices in the standard version's order (Fail = 0 < Pass = 1 < Distinction = 2); each pair is
 * (participant's grade, agreed grade), so a positive mean difference means lenient.
 *
 * Weighted kappa across items uses quadratic weights; with a handful of items its confidence
 * interval is wide, so below `minItemsForKappa` it is shown but draws no verdict. The group
 * figures pool every (participant, item) pair against the agreed grade: a summary of how well the
 * group as a whole reproduces the agreed grades, not a multi-rater coefficient.
 */
import {
  contingencyTable,
  exactAgreement,
  gwetAc,
  meanSignedDifference,
  weightedKappa,
  type CoefficientEstimate,
} from '../statistics';
import type { StandardisationPolicy } from './policy';

export type Judgement = 'met' | 'not_met';
export type Judgements = Readonly<Record<string, Judgement>>;

export interface ExerciseItem {
  id: number;
  label: string;
  agreedGrade: string;
  agreedCriteria: Judgements;
}

export interface ExerciseMark {
  itemId: number;
  assessorId: number;
  grade: string;
  criteria: Judgements;
}

export interface Participant {
  assessorId: number;
  ref: string;
  name: string;
}

export interface Stat {
  value: number | null;
  se: number | null;
  ci95: [number, number] | null;
  n: number;
  enough: boolean;
}

export interface ParticipantAgreement extends Participant {
  items: number;
  matches: number;
  exact: number | null;
  adjacent: number;
  distant: number;
  meanDifference: number | null;
  kappa: Stat;
  criteriaJudged: number;
  criteriaAgreed: number;
  criteriaShare: number | null;
  followUp: string[];
}

export interface ItemSpread {
  itemId: number;
  label: string;
  agreedGrade: string;
  counts: Record<string, number>;
  marks: number;
  exact: number | null;
  sd: number | null;
  lowest: string | null;
  highest: string | null;
}

export interface ExerciseResult {
  grades: string[];
  assessors: ParticipantAgreement[];
  items: ItemSpread[];
  group: {
    pairs: number;
    participants: number;
    exact: number | null;
    kappa: Stat;
    ac: Stat;
    meanDifference: number | null;
    followUp: number;
  };
}

type Policy = Pick<StandardisationPolicy, 'agreementTarget' | 'kappaTarget' | 'minItemsForKappa'>;

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function stat(e: CoefficientEstimate, n: number, min: number): Stat {
  return { value: e.value, se: e.se, ci95: e.ci95, n, enough: n >= min && e.value !== null };
}

/** Index of a grade on the version's scale, or -1 for a grade the scale does not have. */
function indexer(grades: readonly string[]): (g: string) => number {
  const map = new Map(grades.map((g, i) => [g, i]));
  return (g) => map.get(g) ?? -1;
}

function followUpReasons(
  a: Omit<ParticipantAgreement, 'followUp'>,
  total: number,
  p: Policy,
): string[] {
  const out: string[] = [];
  if (a.items === 0) return ['no grades recorded yet'];
  if (a.items < total) out.push(`graded ${a.items} of ${total} items`);
  if (a.exact !== null && a.exact < p.agreementTarget)
    out.push(
      `matched the agreed grade on ${a.matches} of ${a.items} items (${percent(a.exact)}; target ${percent(p.agreementTarget)})`,
    );
  if (a.distant > 0)
    out.push(
      `${a.distant} item${a.distant === 1 ? '' : 's'} graded two or more grades from the agreed grade`,
    );
  if (a.kappa.enough && a.kappa.value !== null && a.kappa.value < p.kappaTarget)
    out.push(
      `weighted kappa ${a.kappa.value.toFixed(2)} across ${a.kappa.n} items (target ${p.kappaTarget.toFixed(2)})`,
    );
  if (a.criteriaShare !== null && a.criteriaShare < p.agreementTarget)
    out.push(
      `criterion judgements matched ${a.criteriaAgreed} of ${a.criteriaJudged} (${percent(a.criteriaShare)}; target ${percent(p.agreementTarget)})`,
    );
  return out;
}

export function exerciseResults(
  grades: readonly string[],
  items: readonly ExerciseItem[],
  marks: readonly ExerciseMark[],
  participants: readonly Participant[],
  policy: Policy,
): ExerciseResult {
  const k = grades.length;
  const idx = indexer(grades);
  const itemById = new Map(items.map((i) => [i.id, i]));
  const usable = marks.filter((m) => {
    const item = itemById.get(m.itemId);
    return item !== undefined && idx(m.grade) >= 0 && idx(item.agreedGrade) >= 0;
  });

  const people = [...participants];
  for (const m of usable)
    if (!people.some((p) => p.assessorId === m.assessorId))
      people.push({
        assessorId: m.assessorId,
        ref: `#${m.assessorId}`,
        name: 'Not recorded as attending',
      });

  const assessors = people.map((person): ParticipantAgreement => {
    const mine = usable.filter((m) => m.assessorId === person.assessorId);
    const pairs = mine.map(
      (m) => [idx(m.grade), idx((itemById.get(m.itemId) as ExerciseItem).agreedGrade)] as const,
    );
    const table = contingencyTable(pairs, k);
    let matches = 0;
    let adjacent = 0;
    let distant = 0;
    for (const [a, b] of pairs) {
      const d = Math.abs(a - b);
      if (d === 0) matches++;
      else if (d === 1) adjacent++;
      else distant++;
    }
    let criteriaJudged = 0;
    let criteriaAgreed = 0;
    for (const m of mine) {
      const agreed = (itemById.get(m.itemId) as ExerciseItem).agreedCriteria;
      for (const [code, judgement] of Object.entries(m.criteria)) {
        const expected = agreed[code];
        if (expected === undefined) continue;
        criteriaJudged++;
        if (expected === judgement) criteriaAgreed++;
      }
    }
    const base = {
      ...person,
      items: pairs.length,
      matches,
      exact: exactAgreement(table),
      adjacent,
      distant,
      meanDifference: meanSignedDifference(table),
      kappa: stat(weightedKappa(table, 'quadratic'), pairs.length, policy.minItemsForKappa),
      criteriaJudged,
      criteriaAgreed,
      criteriaShare: criteriaJudged > 0 ? criteriaAgreed / criteriaJudged : null,
    };
    return { ...base, followUp: followUpReasons(base, items.length, policy) };
  });

  const spreads = items.map((item): ItemSpread => {
    const given = usable.filter((m) => m.itemId === item.id).map((m) => idx(m.grade));
    const counts = Object.fromEntries(grades.map((g) => [g, 0])) as Record<string, number>;
    for (const g of given) counts[grades[g] as string] = (counts[grades[g] as string] ?? 0) + 1;
    const n = given.length;
    const mean = n ? given.reduce((s, g) => s + g, 0) / n : 0;
    const sd = n ? Math.sqrt(given.reduce((s, g) => s + (g - mean) ** 2, 0) / n) : null;
    const agreed = idx(item.agreedGrade);
    return {
      itemId: item.id,
      label: item.label,
      agreedGrade: item.agreedGrade,
      counts,
      marks: n,
      exact: n ? given.filter((g) => g === agreed).length / n : null,
      sd,
      lowest: n ? (grades[Math.min(...given)] ?? null) : null,
      highest: n ? (grades[Math.max(...given)] ?? null) : null,
    };
  });

  const all = contingencyTable(
    usable.map(
      (m) => [idx(m.grade), idx((itemById.get(m.itemId) as ExerciseItem).agreedGrade)] as const,
    ),
    k,
  );
  return {
    grades: [...grades],
    assessors,
    items: spreads,
    group: {
      pairs: usable.length,
      participants: new Set(usable.map((m) => m.assessorId)).size,
      exact: exactAgreement(all),
      kappa: stat(weightedKappa(all, 'quadratic'), usable.length, policy.minItemsForKappa),
      ac: stat(gwetAc(all, 'quadratic'), usable.length, policy.minItemsForKappa),
      meanDifference: meanSignedDifference(all),
      followUp: assessors.filter((a) => a.followUp.length > 0).length,
    },
  };
}
