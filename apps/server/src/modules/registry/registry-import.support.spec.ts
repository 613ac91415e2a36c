import { describe, expect, it } from 'vitest';
import { SeenIds, TouchedHouseholds } from './registry-import.support.ts';

describe('import bookkeeping', () => {
  it('keeps every line of every household in file order, past the arrays’ first size', () => {
    const touched = new TouchedHouseholds();
    // 3,000 households of 3 members, interleaved as a file that is not sorted by household would be
    for (let member = 0; member < 3; member++)
      for (let h = 0; h < 3000; h++) touched.add(`h${h}`, 2 + member * 3000 + h);
    expect(touched.size).toBe(3000);
    expect(touched.ids().slice(0, 2)).toEqual(['h0', 'h1']);
    expect(touched.lines('h0')).toEqual([2, 3002, 6002]);
    expect(touched.lines('h2999')).toEqual([3001, 6001, 9001]);
    expect(touched.lines('unknown')).toEqual([]);
  });

  it('finds an ID number seen before, and not one that differs in its region, birth date or sequence', () => {
    const seen = new SeenIds();
    seen.set('14088219800312011X', 7);
    expect(seen.get('14088219800312011X')).toBe(7);
    for (const other of ['140882198003120128', '14088219800313011X', '14088319800312011X', '14088218800312011X'])
      expect(seen.get(other)).toBeUndefined();
  });

  it('keeps 50,000 ID numbers through its growth, each with its own line', () => {
    const seen = new SeenIds();
    const idOf = (n: number) => {
      const day = new Date(Date.UTC(1930, 0, 1) + (n % 30_000) * 86_400_000)
        .toISOString()
        .slice(0, 10)
        .replace(/-/g, '');
      return `${140882 + Math.floor(n / 30_000)}${day}${String(n % 1000).padStart(3, '0')}X`;
    };
    for (let n = 0; n < 50_000; n++) seen.set(idOf(n), n + 2);
    for (let n = 0; n < 50_000; n += 7) expect(seen.get(idOf(n))).toBe(n + 2);
    expect(seen.get(idOf(60_000))).toBeUndefined();
  });
});
