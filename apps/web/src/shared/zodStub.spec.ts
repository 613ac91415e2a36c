import { describe, expect, it } from 'vitest';
import { z } from './zodStub.ts';

describe("the web build's stand-in for zod", () => {
  it('builds a contract out of chained schemas and keeps an endpoint as plain data', () => {
    const Item = z.object({ id: z.uuid(), name: z.string().min(1).max(50).optional(), at: z.iso.date() });
    const list = {
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.uuid() }),
      response: z.array(Item.extend({ n: z.coerce.number().int() })).default([]),
    };
    expect(list.method).toBe('GET');
    expect(list.path).toBe('/items/:id');
    // a response schema is not a file reply (the client reads `file` to tell them apart) and never a promise
    expect(typeof (list.response as unknown as { file?: unknown }).file).not.toBe('string');
    expect((list.response as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it("keeps an enum's values, as the forms' option lists read them", () => {
    const Kind = z.enum(['visit', 'sickCall']);
    expect(Kind.options).toEqual(['visit', 'sickCall']);
    expect(Kind.enum).toEqual({ visit: 'visit', sickCall: 'sickCall' });
    expect(typeof Kind.optional().nullable()).toBe('function');
  });
});
