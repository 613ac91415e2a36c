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

  it('finds an ID number seen before, and not one that differs in its last digits', () => {
    const seen = new SeenIds();
    seen.set('14088219800312011X', 7);
    expect(seen.get('14088219800312011X')).toBe(7);
    expect(seen.get('140882198003120128')).toBeUndefined();
  });
});
