import { describe, expect, it } from 'vitest';
import { fieldErrors } from './fieldErrors.ts';

describe('server problems placed on form fields', () => {
  const problem = (p: object) => ({ status: 400, code: 'invalid_field', message: '错误', messageEn: 'Wrong', ...p });

  it("maps the request path of a field to the form field of the same name, in the reader's language", () => {
    expect(
      fieldErrors(
        problem({ field: 'fields.days', message: '「延长天数」不能超过10', messageEn: 'days may not exceed 10' }),
        ['days', 'opinion'],
        false,
      ),
    ).toEqual([{ name: 'days', text: '「延长天数」不能超过10' }]);
    expect(fieldErrors(problem({ field: 'fields.days', messageEn: 'days may not exceed 10' }), ['days'], true)).toEqual(
      [{ name: 'days', text: 'days may not exceed 10' }],
    );
  });

  it('reads validation lists (body.title, body.fields.departmentIds.2)', () => {
    const p = problem({
      errors: [
        { field: 'body.title', message: '必填' },
        { field: 'fields.departmentIds.2', message: '部门不存在' },
      ],
    });
    expect(fieldErrors(p, ['title', 'departmentIds'], false)).toEqual([
      { name: 'title', text: '必填' },
      { name: 'departmentIds', text: '部门不存在' },
    ]);
  });

  it('leaves out what the form has no field for, so the caller shows it as a message instead', () => {
    expect(fieldErrors(problem({ field: 'X-CSRF-Token' }), ['opinion'], false)).toEqual([]);
    expect(fieldErrors(problem({}), ['opinion'], false)).toEqual([]);
  });
});
