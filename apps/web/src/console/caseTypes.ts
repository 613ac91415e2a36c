import { admin, cases, type ResponseOf } from '@grassroots/contracts';
import { useQuery } from '@tanstack/react-query';
import { call } from '../shared/client.ts';

/** A case type as the server describes it (the contract's wire side): its states, forms and clocks. */
export type CaseTypeInfo = ResponseOf<typeof cases.types>[number];
export type ActionForm = CaseTypeInfo['actions'][number];
export type FieldSpec = ActionForm['fields'][number];
export type ClockSpec = CaseTypeInfo['clocks'][number];

/** The case types and their contracts: forms are drawn from these, never hand-written per action. */
export const caseTypesQuery = { queryKey: ['case-types'], queryFn: () => call(cases.types), staleTime: 5 * 60_000 };
export function useCaseTypes() {
  return useQuery(caseTypesQuery);
}

export type Department = ResponseOf<typeof admin.departments>[number];
export function useDepartments() {
  return useQuery({ queryKey: ['departments'], queryFn: () => call(admin.departments), staleTime: 5 * 60_000 });
}
