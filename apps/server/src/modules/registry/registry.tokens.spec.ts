import { describe, expect, it } from 'vitest';
import { queryTokens, searchTokens } from './registry.rules.ts';

describe('search tokens', () => {
  it('finds a name and its address by any fragment: words, character pairs and single characters', () => {
    const tokens = searchTokens('王琦咏', '城关街道山小社区1组56号');
    for (const fragment of ['王琦', '琦咏', '王', '咏', '山小社区', '街道'])
      expect(tokens).toEqual(expect.arrayContaining(queryTokens(fragment)));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('gives a remembered address the same tokens, whoever it is combined with', () => {
    const address = '城关街道山小社区1组56号';
    const first = searchTokens('崔进', address);
    const second = searchTokens('王琦咏', address);
    expect(second).toEqual(expect.arrayContaining(searchTokens(address)));
    expect(second).not.toContain('崔');
    expect(first).not.toContain('琦');
    // the caller's array is its own: changing it leaves the remembered tokens alone
    second.length = 0;
    expect(searchTokens('王琦咏', address)).toEqual(expect.arrayContaining(['王琦', '56']));
  });
});
