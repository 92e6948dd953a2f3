import { describe, expect, it } from 'vitest';

import { validateUkprn } from '@shared/identifiers';

describe('validateUkprn', () => {
  it('accepts eight digits starting with 1', () => {
    expect(validateUkprn('10000000')).toEqual({ ok: true, ukprn: '10000000' });
    expect(validateUkprn('19999999')).toEqual({ ok: true, ukprn: '19999999' });
  });

  it('trims surrounding whitespace', () => {
    expect(validateUkprn(' 10012345 ')).toEqual({ ok: true, ukprn: '10012345' });
  });

  it('rejects eight digits not starting with 1', () => {
    expect(validateUkprn('20012345')).toEqual({ ok: false, reason: 'UKPRN must start with 1' });
    expect(validateUkprn('00012345')).toEqual({ ok: false, reason: 'UKPRN must start with 1' });
  });

  it.each(['1001234', '100123456'])('rejects %s for its length', (text) => {
    expect(validateUkprn(text)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^UKPRN must be 8 digits/),
    });
  });

  it('rejects non-digits and blanks', () => {
    expect(validateUkprn('1001234A')).toEqual({
      ok: false,
      reason: 'UKPRN must contain only digits',
    });
    expect(validateUkprn('')).toEqual({ ok: false, reason: 'UKPRN is empty' });
  });
});
