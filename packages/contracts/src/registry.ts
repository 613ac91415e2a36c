import { z } from 'zod';

export const PersonView = z.object({
  id: z.string(),
  idNumber: z.string().describe('masked unless revealed'),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  ethnicity: z.string().nullable(),
  phone: z.string().nullable(),
  registeredAddress: z.string().nullable(),
  residenceAddress: z.string().nullable(),
  residenceType: z.enum(['resident', 'floating']),
  maritalStatus: z.string().nullable(),
  disabilityGrade: z.number().nullable(),
  isVeteran: z.boolean(),
  divisionCode: z.string(),
  provenance: z.record(z.string(), z.object({ source: z.string(), at: z.string() }).loose()),
});
export type PersonView = z.infer<typeof PersonView>;
