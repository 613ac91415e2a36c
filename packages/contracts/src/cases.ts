import { z } from 'zod';

export const OpenCaseRequest = z.object({
  typeCode: z.string().min(1),
  title: z.string().min(1).max(200),
  subject: z.object({ type: z.enum(['person', 'household', 'organisation', 'complaint']), id: z.string().uuid() }),
  fields: z.record(z.string(), z.unknown()).default({}),
  /** files uploaded first (a scanned letter, photos), recorded on the opening entry */
  attachments: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(20)
    .optional(),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

export const ActRequest = z.object({
  expectedVersion: z.number().int().min(1),
  fields: z.record(z.string(), z.unknown()).default({}),
  opinion: z.string().max(4000).optional(),
  attachments: z.array(z.string().regex(/^[0-9a-f]{64}$/)).default([]),
});
export type ActRequest = z.infer<typeof ActRequest>;

export const ClockView = z.object({
  code: z.string(),
  label: z.string(),
  unit: z.enum(['working', 'calendar']),
  limitDays: z.number(),
  extensionDays: z.number(),
  state: z.enum(['notStarted', 'running', 'paused', 'stopped']),
  usedDays: z.number(),
  startedOn: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueSoonDate: z.string().nullable(),
  explanation: z.array(z.object({ on: z.string(), event: z.string(), text: z.string() })),
});
export type ClockView = z.infer<typeof ClockView>;
