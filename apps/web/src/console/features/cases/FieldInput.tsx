import { useQuery } from '@tanstack/react-query';
import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.ts';
import { type FieldSpec, useDepartments } from '../../caseTypes.ts';
import { useMe } from '../../session.ts';

const OPTION_LABELS: Record<string, Record<string, string>> = {
  'zh-CN': { approve: '同意', reject: '不同意', approved: '准予', rejected: '不予' },
  'zh-TW': { approve: '同意', reject: '不同意', approved: '准予', rejected: '不予' },
  en: { approve: 'Approve', reject: 'Reject', approved: 'Granted', rejected: 'Refused' },
};

/**
 * One input for one field of an action's contract. Only "required" is checked here: every other
 * rule (limits, formats) is the server's, and its message is put beside the field.
 */
export function FieldInput({ spec, value, onChange, id }: { spec: FieldSpec; value?: unknown; onChange?: (v: unknown) => void; id?: string }) {
  const { i18n } = useTranslation();
  const { data: departments } = useDepartments();
  const { data: me } = useMe();
  const { data: members } = useQuery({
    queryKey: ['members', me?.departmentId], enabled: spec.type === 'user' && !!me,
    queryFn: () => api.get<Array<{ id: string; displayName: string }>>(`/api/v1/departments/${me!.departmentId}/members`),
  });
  const common = { id, 'aria-label': spec.label, style: { width: '100%' } };
  switch (spec.type) {
    case 'text':
      return <Input.TextArea {...common} rows={3} value={value as string} onChange={(e) => onChange?.(e.target.value)} />;
    case 'integer':
      return <InputNumber {...common} value={value as number} onChange={(v) => onChange?.(v ?? undefined)} precision={0} />;
    case 'date':
      return <DatePicker {...common} value={typeof value === 'string' ? dayjs(value) : null} onChange={(d: Dayjs | null) => onChange?.(d?.format('YYYY-MM-DD'))} />;
    case 'enum':
      return <Select {...common} value={value as string} onChange={onChange} options={(spec.options ?? []).map((o) => ({ value: o, label: OPTION_LABELS[i18n.language]?.[o] ?? o }))} />;
    case 'stringList':
      // a list of departments (协办部门) is chosen, not typed
      if (spec.name.endsWith('DepartmentIds')) return <Select {...common} mode="multiple" showSearch optionFilterProp="label" value={(value as string[]) ?? []} onChange={onChange} options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />;
      return <Select {...common} mode="tags" value={(value as string[]) ?? []} onChange={onChange} open={false} tokenSeparators={[',', '，', '、', ';']} />;
    case 'department':
      return <Select {...common} showSearch optionFilterProp="label" mode={spec.name.endsWith('Ids') ? 'multiple' : undefined} value={value as string} onChange={onChange}
        options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />;
    case 'user':
      return <Select {...common} value={value as string} onChange={onChange} options={(members ?? []).map((m) => ({ value: m.id, label: m.displayName }))} />;
    default:
      return <Input {...common} value={value as string} onChange={(e) => onChange?.(e.target.value)} />;
  }
}
