import { z } from 'zod';

/** RFC 9457 problem details, with our stable code and both languages. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  message: z.string().describe('Chinese message (default language)'),
  messageEn: z.string(),
  field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), messageEn: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
