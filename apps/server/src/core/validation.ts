import type { z } from 'zod';
import { badInput } from './errors.ts';

/**
 * A request body checked against its schema; the first problem refused as 400 with the field named
 * and the message in both languages (`what` says what was being given: 受理信息 / intake).
 */
export function parseOrRefuse<T extends z.ZodType>(schema: T, raw: unknown, what: { zh: string; en: string }): z.output<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  throw badInput(i.path.join('.') || 'body', `${what.zh}有误：${i.message}`, `Invalid ${what.en}: ${i.message}`);
}
