import { describe, expect, it } from 'vitest';
import { BloomFilter, RecentCache } from '../../../src/main/imports/bloom';

describe('the lookup filter', () => {
  it('never forgets a key, and rarely claims one it was not given', () => {
    const filter = new BloomFilter(100_000);
    for (let i = 0; i < 100_000; i++) filter.add(`REF-${i}`, i % 3);
    for (let i = 0; i < 100_000; i++) expect(filter.has(`REF-${i}`, i % 3)).toBe(true);
    let wrong = 0;
    for (let i = 0; i < 100_000; i++) if (filter.has(`OTHER-${i}`, 0)) wrong++;
    expect(wrong).toBeLessThan(1000);
    // The salt is part of the key: the same text with another salt is another key.
    let salted = 0;
    for (let i = 0; i < 10_000; i++) if (filter.has(`REF-${i}`, 99)) salted++;
    expect(salted).toBeLessThan(100);
  });

  it('keeps recent entries and lets old ones go', () => {
    const cache = new RecentCache<number, string>(3);
    for (let i = 0; i < 10; i++) cache.set(i, `v${i}`);
    expect(cache.get(9)).toBe('v9');
    expect(cache.get(7)).toBe('v7');
    expect(cache.get(0)).toBeUndefined();
  });
});
