import { describe, expect, it } from 'vitest';

import { makeUln, ulnCheckDigit, validateUln } from '@shared/identifiers';

describe('validateUln', () => {
  it('accepts the worked example from rules.md and rejects its neighbour', () => {
    // 1x10 + 4x2 = 18, 18 mod 11 = 7, check digit 10 - 7 = 3.
    expect(validateUln('1000000043')).toEqual({ ok: true, uln: '1000000043' });
    expect(validateUln('1000000042')).toEqual({
      ok: false,
      reason: 'ULN check digit does not match (expected 3)',
    });
  });

  it('accepts a second hand-computed ULN', () => {
    // 1x10 + 2x9 + 3x8 + 4x7 + 5x6 + 6x5 + 7x4 + 8x3 + 9x2 = 210, 210 mod 11 = 1, check 9.
    expect(validateUln('1234567899')).toEqual({ ok: true, uln: '1234567899' });
    expect(validateUln('1234567890')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expected 9/),
    });
  });

  it('accepts a check digit of 0', () => {
    // 1x10 = 10, r = 10, check digit 10 - 10 = 0.
    expect(validateUln('1000000000')).toEqual({ ok: true, uln: '1000000000' });
  });

  it('trims surrounding whitespace', () => {
    expect(validateUln('  1000000043\t\n')).toEqual({ ok: true, uln: '1000000043' });
  });

  it('rejects a leading 0', () => {
    expect(validateUln('0123456789')).toEqual({ ok: false, reason: 'ULN cannot start with 0' });
  });

  it.each(['100000004', '10000000431', '1'])('rejects %s for its length', (text) => {
    expect(validateUln(text)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^ULN must be 10 digits/),
    });
  });

  it.each(['10000000A3', '1000-00004', '1000000043x', '１000000043', '100 000 0043'])(
    'rejects %s for containing something other than digits',
    (text) => {
      expect(validateUln(text)).toEqual({ ok: false, reason: 'ULN must contain only digits' });
    },
  );

  it('rejects an empty or blank value', () => {
    expect(validateUln('')).toEqual({ ok: false, reason: 'ULN is empty' });
    expect(validateUln('   ')).toEqual({ ok: false, reason: 'ULN is empty' });
  });

  it('rejects the placeholder 9999999999 as a placeholder', () => {
    expect(validateUln('9999999999')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/placeholder/),
    });
  });

  it('rejects every tenth digit when the first nine give r = 0', () => {
    // 1x10 + 5x9 = 55, 55 mod 11 = 0: no check digit exists.
    for (let digit = 0; digit <= 9; digit += 1) {
      expect(validateUln(`150000000${digit}`)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/no check digit/),
      });
    }
  });
});

describe('ulnCheckDigit', () => {
  it('matches the hand-computed digits', () => {
    expect(ulnCheckDigit('100000004')).toBe(3);
    expect(ulnCheckDigit('123456789')).toBe(9);
    expect(ulnCheckDigit('100000000')).toBe(0);
    expect(ulnCheckDigit('150000000')).toBeNull();
  });
});

describe('makeUln', () => {
  it('completes the worked example', () => {
    expect(makeUln('100000004')).toBe('1000000043');
  });

  it('returns null when no ULN exists for the prefix', () => {
    expect(makeUln('150000000')).toBeNull();
    expect(makeUln('012345678')).toBeNull();
    expect(makeUln('12345678')).toBeNull();
    expect(makeUln('1234567890')).toBeNull();
    expect(makeUln('12345678a')).toBeNull();
  });

  it('round-trips through validateUln for many generated prefixes', () => {
    // A fixed linear congruential sequence keeps the run reproducible without a seed library.
    let state = 12345;
    let nulls = 0;
    const runs = 5000;
    for (let i = 0; i < runs; i += 1) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const prefix = String(100000000 + (state % 900000000));
      const uln = makeUln(prefix);
      const valid = [...'0123456789'].filter((d) => validateUln(`${prefix}${d}`).ok);
      if (uln === null) {
        nulls += 1;
        expect(valid).toEqual([]);
      } else {
        expect(uln.startsWith(prefix)).toBe(true);
        expect(validateUln(uln)).toEqual({ ok: true, uln });
        // Exactly one tenth digit works, and it is the one makeUln chose.
        expect(valid).toEqual([uln.charAt(9)]);
      }
    }
    // r = 0 for about 1 prefix in 11; a wildly different rate would mean the weights are wrong.
    expect(nulls / runs).toBeGreaterThan(0.06);
    expect(nulls / runs).toBeLessThan(0.12);
  });
});
