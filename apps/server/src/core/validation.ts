import type { z } from 'zod';
import { badInput } from './errors.ts';

/**
 * A request body checked against its schema; the first problem refused as 400 with the field named
 * and the message in both languages (`what` says what was being given: 受理信息 / intake).
 */
export function parseOrRefuse<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  what: { zh: string; en: string },
): z.output<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  const { zh, en } = bilingual(i.message);
  throw badInput(i.path.join('.') || 'body', `${what.zh}有误：${zh}`, `Invalid ${what.en}: ${en}`);
}

/** The contracts write their messages as "中文 / English": each language gets its half (a message in one language serves both). */
export function bilingual(message: string): { zh: string; en: string } {
  const [zh = message, en = zh] = message.split(' / ', 2);
  return { zh, en };
}
