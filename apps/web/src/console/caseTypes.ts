import { useQuery } from '@tanstack/react-query';
import { api } from '../shared/api.ts';

export interface FieldSpec {
  name: string;
  label: string;
  type: 'string' | 'text' | 'integer' | 'date' | 'enum' | 'stringList' | 'department' | 'user' | 'object';
  required: boolean;
  options?: string[];
  max?: number;
}
export interface ActionForm {
  code: string;
  label: string;
  fields: FieldSpec[];
  opinion: 'required' | 'optional' | 'none';
  attachments?: 'required' | 'optional' | 'none';
  from?: string[];
  to?: string | null;
  via?: string;
}
export interface ClockSpec {
  code: string;
  label: string;
  kind: string;
  unit: 'working' | 'calendar';
  limitDays: number;
  maxExtensionDays: number;
}
export interface CaseTypeInfo {
  code: string;
  name: string;
  nameEn: string;
  initialState?: string;
  states: Record<string, { label: string; final: boolean }>;
  /** the one kind of subject the case is opened on; null, a person */
  openSubject: 'person' | 'household' | 'organisation' | 'complaint' | null;
  openFields: FieldSpec[];
  actions: ActionForm[];
  engineActions: ActionForm[];
  clocks: ClockSpec[];
  /** the extra panels of this type's case page, by name (features/cases/casePanels.ts) */
  panels: string[];
}

/** The case types and their contracts: forms are drawn from these, never hand-written per action. */
export function useCaseTypes() {
  return useQuery({
    queryKey: ['case-types'],
    queryFn: () => api.get<CaseTypeInfo[]>('/api/v1/case-types'),
    staleTime: 5 * 60_000,
  });
}

export interface Department {
  id: string;
  code: string;
  name: string;
  kind: string;
  division_code: string;
  phone: string | null;
}
export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => api.get<Department[]>('/api/v1/departments'),
    staleTime: 5 * 60_000,
  });
}
