// Unique Learner Number: ten digits, first not 0, tenth a mod-11 check digit over the first nine
// (the rule national learner record validation applies; see docs/rules.md).

export type UlnResult = { ok: true; uln: string } | { ok: false; reason: string };

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

// Never a real learner, but it passes a digits-only check and turns up in imported spreadsheets.
export const PLACEHOLDER_ULN = '9999999999';

/**
 * The check digit the first nine digits require, or null when no tenth digit can make a valid
 * ULN (sum mod 11 is 0). Expects nine ASCII digits.
 */
export function ulnCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i += 1) {
    sum += Number(firstNine.charAt(i)) * WEIGHTS[i]!;
  }
  const r = sum % 11;
  // r runs 1..10 here, so 10 - r is always a single digit; r = 0 is the only dead end.
  return r === 0 ? null : 10 - r;
}

export function validateUln(text: string): UlnResult {
  const uln = text.trim();
  if (uln === '') return { ok: false, reason: 'ULN is empty' };
  if (!/^\d+$/.test(uln)) return { ok: false, reason: 'ULN must contain only digits' };
  if (uln.length !== 10) {
    return { ok: false, reason: `ULN must be 10 digits (this has ${uln.length})` };
  }
  if (uln.startsWith('0')) return { ok: false, reason: 'ULN cannot start with 0' };
  if (uln === PLACEHOLDER_ULN) {
    return { ok: false, reason: 'ULN 9999999999 is a placeholder, not a real learner' };
  }
  const expected = ulnCheckDigit(uln.slice(0, 9));
  if (expected === null) {
    return {
      ok: false,
      reason: 'ULN is not valid: no check digit fits its first nine digits',
    };
  }
  if (Number(uln.charAt(9)) !== expected) {
    return { ok: false, reason: `ULN check digit does not match (expected ${expected})` };
  }
  return { ok: true, uln };
}

/** Completes nine digits into a valid ULN, or null when no valid ULN starts with them. */
export function makeUln(firstNine: string): string | null {
  if (!/^[1-9]\d{8}$/.test(firstNine)) return null;
  const check = ulnCheckDigit(firstNine);
  if (check === null) return null;
  const uln = `${firstNine}${check}`;
  return uln === PLACEHOLDER_ULN ? null : uln;
}
