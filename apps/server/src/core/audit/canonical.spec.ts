import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined, writes dates as ISO strings', () => {
    expect(
      canonicalJson({
        b: 1,
        a: { d: [3, { z: null, y: 'x' }], c: undefined },
        t: new Date('2026-01-02T03:04:05.006Z'),
      }),
    ).toBe('{"a":{"d":[3,{"y":"x","z":null}]},"b":1,"t":"2026-01-02T03:04:05.006Z"}');
  });

  it('is plain JSON for values JSON already fixes', () => {
    for (const v of ['中文 "引号"', 1.5, -0, true, [], {}, [null], '\u2028'])
      expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
  });
});
