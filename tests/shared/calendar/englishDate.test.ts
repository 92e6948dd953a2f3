import { describe, expect, it } from 'vitest';
import { englishDate } from '../../../src/shared/calendar/englishDate';

describe('the date in England', () => {
  it('is a day ahead of UTC in the first hour after midnight in British Summer Time', () => {
    expect(englishDate(new Date('2026-06-15T23:30:00Z'))).toBe('2026-06-16');
    expect(englishDate(new Date('2026-06-15T22:59:59Z'))).toBe('2026-06-15');
  });

  it('is the UTC date in winter, and across the clock changes', () => {
    expect(englishDate(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
    // The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    expect(englishDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    expect(englishDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(englishDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });
});
