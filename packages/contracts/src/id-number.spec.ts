import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, idNumberProblemText, parseIdNumber, shanghaiToday } from './id-number.ts';
import { maskIdNumber, maskPhone } from './masking.ts';

describe('GB 11643 resident ID numbers', () => {
  it('accepts a valid number and reads birth date and sex from it', () => {
    const r = parseIdNumber('11010519491231002x');
    expect(r).toEqual({
      ok: true,
      value: '11010519491231002X',
      info: { divisionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('computes the check character with the MOD 11-2 weights', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('42010119900101123')).toBe('X');
    expect(idNumberCheckChar('44030419851012241')).toBe('2');
  });

  it('names the problem', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
    expect(parseIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
    const badDate = `11010519490231002`;
    expect(parseIdNumber(badDate + idNumberCheckChar(badDate))).toEqual({ ok: false, problem: 'birthDate' });
    const badProvince = `99010519491231002`;
    expect(parseIdNumber(badProvince + idNumberCheckChar(badProvince))).toEqual({ ok: false, problem: 'division' });
  });

  it('refuses a birth date after today (Asia/Shanghai) or before 1900, with the reason', () => {
    const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);
    expect(parseIdNumber(withCheck('11010520991231002'))).toEqual({ ok: false, problem: 'birthInFuture' });
    // tomorrow is refused, today accepted: the day is Beijing's, not UTC's
    expect(parseIdNumber(withCheck('11010520261204002'), '2026-12-03')).toEqual({
      ok: false,
      problem: 'birthInFuture',
    });
    expect(parseIdNumber(withCheck('11010520261203002'), '2026-12-03')).toMatchObject({
      ok: true,
      info: { birthDate: '2026-12-03' },
    });
    expect(parseIdNumber(withCheck('11010518991231002'))).toEqual({ ok: false, problem: 'birthTooEarly' });
    expect(parseIdNumber(withCheck('11010519000101002'))).toMatchObject({ ok: true });
    expect(idNumberProblemText.birthInFuture.zh).toContain('晚于今天');
    expect(idNumberProblemText.birthTooEarly.en).toContain('1900');
  });

  it('takes today in Asia/Shanghai: 16:30 UTC is already the next day in Beijing', () => {
    expect(shanghaiToday(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
    expect(shanghaiToday(new Date('2026-12-03T15:59:00Z'))).toBe('2026-12-03');
  });

  it('masks for lists', () => {
    expect(maskIdNumber('42010119900101123X')).toBe('4201**********123X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
