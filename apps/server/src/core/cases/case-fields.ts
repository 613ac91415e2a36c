import { AppError } from '../errors.ts';
import { isCalendarDate } from '@grassroots/contracts';
import type { FieldSpec } from './case-type.ts';

const invalid = (field: string, zh: string, en: string) =>
  new AppError(400, 'invalid_field', zh, en, `fields.${field}`);

/** Checks the fields an action or an opening needs; unknown fields are refused rather than stored. */
export function validateFields(specs: FieldSpec[], input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!specs.some((s) => s.name === key)) throw invalid(key, `未知字段 ${key}`, `Unknown field ${key}`);
  }
  for (const s of specs) {
    const v = input[s.name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) {
      if (s.required) throw invalid(s.name, `请填写「${s.label}」`, `${s.name} is required`);
      continue;
    }
    switch (s.type) {
      case 'string':
      case 'text':
        if (typeof v !== 'string') throw invalid(s.name, `「${s.label}」应为文字`, `${s.name} must be a string`);
        if (s.max && v.length > s.max)
          throw invalid(s.name, `「${s.label}」不能超过${s.max}字`, `${s.name} exceeds ${s.max} characters`);
        break;
      case 'integer':
        if (!Number.isInteger(v) || (v as number) < 0)
          throw invalid(s.name, `「${s.label}」应为非负整数`, `${s.name} must be a non-negative integer`);
        if (s.max !== undefined && (v as number) > s.max)
          throw invalid(s.name, `「${s.label}」不能超过${s.max}`, `${s.name} may not exceed ${s.max}`);
        break;
      case 'date':
        if (!isCalendarDate(v))
          throw invalid(
            s.name,
            `「${s.label}」应为真实存在的日期 YYYY-MM-DD`,
            `${s.name} must be a real calendar date YYYY-MM-DD`,
          );
        break;
      case 'enum':
        if (!s.options?.includes(v as string))
          throw invalid(
            s.name,
            `「${s.label}」应为：${s.options?.join('、')}`,
            `${s.name} must be one of ${s.options?.join(', ')}`,
          );
        break;
      case 'stringList':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === ''))
          throw invalid(s.name, `「${s.label}」应为文字列表`, `${s.name} must be a list of strings`);
        break;
      case 'object':
        // the case type's hook validates the shape; the engine only bounds it
        if (typeof v !== 'object' || Array.isArray(v))
          throw invalid(s.name, `「${s.label}」格式有误`, `${s.name} must be an object`);
        if (JSON.stringify(v).length > 200_000)
          throw invalid(s.name, `「${s.label}」内容过多`, `${s.name} is too large`);
        break;
      case 'department':
      case 'user':
        if (typeof v !== 'string' || !/^[0-9a-f-]{36}$/.test(v))
          throw invalid(s.name, `「${s.label}」无效`, `${s.name} must be an id`);
        break;
    }
    out[s.name] = v;
  }
  return out;
}
