import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { isMobile } from './phone.ts';

/**
 * 委托代理人: someone a person has authorised, by a document a clerk has seen, to apply for her on
 * the portal. Messages are "中文 / English": the problem handler gives each language its half.
 */
const trimmed = (max: number, zh: string, en: string) =>
  z
    .string()
    .trim()
    .min(1, `${zh}不能为空 / ${en} is required`)
    .max(max, `${zh}不能超过 ${max} 个字 / ${en}: at most ${max} characters`);

export const AgentRegistration = z.object({
  name: trimmed(40, '代理人姓名', "agent's name"),
  phone: z.string().trim().refine(isMobile, '应为11位手机号码 / must be an 11-digit mobile number'),
  relationship: trimmed(20, '与本人关系', 'relationship'),
  document: trimmed(60, '查验的委托材料', 'document seen'),
  validUntil: CalendarDate,
});
export type AgentRegistration = z.infer<typeof AgentRegistration>;

export const AgentRevocation = z.object({ reason: trimmed(200, '撤销原因', 'reason') });
export type AgentRevocation = z.infer<typeof AgentRevocation>;

/** An agent as lists show it: the phone always masked. */
export const AgentView = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().describe('masked: 138****5678'),
  relationship: z.string(),
  document: z.string(),
  validUntil: z.string(),
  status: z.enum(['current', 'expired', 'revoked']),
  registeredAt: z.string(),
  registeredBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type AgentView = z.infer<typeof AgentView>;
