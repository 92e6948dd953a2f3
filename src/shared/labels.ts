/**
 * Words the UI shows for the sector's terms. Since 2025 the sector speaks of "apprenticeship
 * assessment" and "assessment organisation"; keeping the words here lets an EPAO switch them in
 * Settings without touching the screens.
 */
export const DEFAULT_LABELS = {
  appName: 'IQA Desk',
  epa: 'end-point assessment',
  epaShort: 'EPA',
  epao: 'end-point assessment organisation',
  assessor: 'independent assessor',
  gateway: 'gateway',
  standardisation: 'standardisation',
} as const;

export type LabelKey = keyof typeof DEFAULT_LABELS;
export type Labels = Record<LabelKey, string>;

/** A count with its noun: "1 row", "2,500 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** The text with its first letter a capital, for words that start a sentence or heading. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
