import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenOf, yuanOf } from './money.ts';
import { maskAccount, maskIdNumber, maskName, maskPhone } from './masking.ts';
import { isMobile, isPhone } from './phone.ts';

describe('money in fen', () => {
  it('prints and reads yuan exactly, both ways', () => {
    expect(yuanOf(106050)).toBe('1060.50');
    expect(yuanOf(5)).toBe('0.05');
    expect(yuanOf(-250)).toBe('-2.50');
    expect(fenOf('1,060.5')).toBe(106050);
    expect(fenOf('1.234')).toBeUndefined();
    expect(fenOf('-3')).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e13 }), (fen) => fenOf(yuanOf(fen)) === fen));
  });
});

describe('phones and masks', () => {
  it('tells mobiles from landlines and refuses the rest', () => {
    expect(isMobile('13800138000')).toBe(true);
    expect(isMobile('12800138000')).toBe(false);
    expect(isPhone('0359-5123456')).toBe(true);
    expect(isPhone('03595123456')).toBe(true);
    expect(isPhone('5123456')).toBe(false);
  });
  it('hides all but what a list may show', () => {
    expect(maskIdNumber('14088219800101123X')).toBe('1408**********123X');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskAccount('6221880087654321')).toBe('****4321');
  });
});
