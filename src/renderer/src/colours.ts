/**
 * Okabe–Ito colours: distinguishable with the common forms of colour blindness, and each with
 * enough contrast on white for bars and marks.
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

const GRADE_COLOURS: Record<string, string> = {
  Fail: OKABE_ITO.vermillion,
  Pass: OKABE_ITO.blue,
  Distinction: OKABE_ITO.bluishGreen,
};

const SPARE = [OKABE_ITO.orange, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.black];

export function gradeColour(grade: string, index = 0): string {
  return GRADE_COLOURS[grade] ?? SPARE[index % SPARE.length] ?? OKABE_ITO.black;
}

/** The grades every standard loaded so far uses, lowest first; others are appended after. */
export const DEFAULT_GRADES = ['Fail', 'Pass', 'Distinction'] as const;

export function orderGrades(grades: Iterable<string>): string[] {
  const rest = [...new Set(grades)].filter(
    (g) => !(DEFAULT_GRADES as readonly string[]).includes(g),
  );
  return [...DEFAULT_GRADES, ...rest.sort()];
}
