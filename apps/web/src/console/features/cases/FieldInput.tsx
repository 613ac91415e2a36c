import { useQuery } from '@tanstack/react-query';
import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { cases } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { type FieldSpec, useDepartments } from '../../caseTypes.ts';
import { useMe } from '../../session.ts';

const ZH: Record<string, string> = {
  approve: '同意',
  reject: '不同意',
  approved: '准予',
  rejected: '不予',
  resolved: '已解决',
  partlyResolved: '部分解决',
  explained: '已解释说明',
  notResolvable: '暂无法解决',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  unreachable: '联系不上',
  petition: '信访',
  litigation: '诉讼',
  arbitration: '仲裁',
  administrativeReview: '行政复议',
  founded: '属实',
  partlyFounded: '部分属实',
  unfounded: '不属实',
  agree: '同意',
  agreeWithConditions: '附条件同意',
  disagree: '不同意',
  upheld: '维持',
  changed: '变更',
  revoked: '撤销',
  review: '复查',
  recheck: '复核',
  hotline: '热线电话',
  web: '网站',
  portal: '群众网上提交',
  letter: '来信',
  visit: '来访',
  media: '媒体反映',
  mailbox: '领导信箱',
  open311: 'Open311',
  propertyTender: '物业招投标',
  ownersCommitteeElection: '业委会选举',
  propertyCompanyChange: '选聘或更换物业企业',
  qualificationUpgrade: '资质升级',
};
const EN: Record<string, string> = {
  approve: 'Approve',
  reject: 'Reject',
  approved: 'Granted',
  rejected: 'Refused',
  resolved: 'Resolved',
  partlyResolved: 'Partly resolved',
  explained: 'Explained',
  notResolvable: 'Cannot be resolved now',
  satisfied: 'Satisfied',
  basicallySatisfied: 'Basically satisfied',
  dissatisfied: 'Dissatisfied',
  unreachable: 'Unreachable',
  petition: 'Petition',
  litigation: 'Litigation',
  arbitration: 'Arbitration',
  administrativeReview: 'Administrative review',
  founded: 'Founded',
  partlyFounded: 'Partly founded',
  unfounded: 'Unfounded',
  agree: 'Agree',
  agreeWithConditions: 'Agree with conditions',
  disagree: 'Disagree',
  upheld: 'Upheld',
  changed: 'Changed',
  revoked: 'Revoked',
  review: 'Review',
  recheck: 'Re-review',
  hotline: 'Hotline',
  web: 'Website',
  portal: 'Portal',
  letter: 'Letter',
  visit: 'Visit',
  media: 'Media report',
  mailbox: "Leader's mailbox",
  open311: 'Open311',
  propertyTender: 'Property tender',
  ownersCommitteeElection: "Owners' committee election",
  propertyCompanyChange: 'Hiring or changing the property company',
  qualificationUpgrade: 'Qualification upgrade',
};
/** Labels of enum values; zh-TW is written by the generator from the zh-CN words it shares. */
export const OPTION_LABELS: Record<string, Record<string, string>> = { 'zh-CN': ZH, 'zh-TW': ZH, en: EN };

/**
 * One input for one field of an action's contract. Only "required" is checked here: every other
 * rule (limits, formats) is the server's, and its message is put beside the field.
 */
export function FieldInput({
  spec,
  value,
  onChange,
  id,
}: {
  spec: FieldSpec;
  value?: unknown;
  onChange?: (v: unknown) => void;
  id?: string;
}) {
  const { i18n } = useTranslation();
  const { data: departments } = useDepartments();
  const { data: me } = useMe();
  const { data: members } = useQuery({
    queryKey: ['members', me?.departmentId],
    enabled: spec.type === 'user' && !!me,
    queryFn: () => call(cases.members, { params: { id: me!.departmentId } }),
  });
  const common = { id, 'aria-label': spec.label, style: { width: '100%' } };
  switch (spec.type) {
    case 'text':
      return (
        <Input.TextArea {...common} rows={3} value={value as string} onChange={(e) => onChange?.(e.target.value)} />
      );
    case 'integer':
      return (
        <InputNumber {...common} value={value as number} onChange={(v) => onChange?.(v ?? undefined)} precision={0} />
      );
    case 'date':
      return (
        <DatePicker
          {...common}
          value={typeof value === 'string' ? dayjs(value) : null}
          onChange={(d: Dayjs | null) => onChange?.(d?.format('YYYY-MM-DD'))}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          value={value as string}
          onChange={onChange}
          options={(spec.options ?? []).map((o) => ({ value: o, label: OPTION_LABELS[i18n.language]?.[o] ?? o }))}
        />
      );
    case 'stringList':
      // a list of departments (协办部门) is chosen, not typed
      if (spec.name.endsWith('DepartmentIds'))
        return (
          <Select
            {...common}
            mode="multiple"
            showSearch
            optionFilterProp="label"
            value={(value as string[]) ?? []}
            onChange={onChange}
            options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        );
      return (
        <Select
          {...common}
          mode="tags"
          value={(value as string[]) ?? []}
          onChange={onChange}
          open={false}
          tokenSeparators={[',', '，', '、', ';']}
        />
      );
    case 'department':
      return (
        <Select
          {...common}
          showSearch
          optionFilterProp="label"
          mode={spec.name.endsWith('Ids') ? 'multiple' : undefined}
          value={value as string}
          onChange={onChange}
          options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
      );
    case 'user':
      return (
        <Select
          {...common}
          value={value as string}
          onChange={onChange}
          options={(members ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
        />
      );
    default:
      return <Input {...common} value={value as string} onChange={(e) => onChange?.(e.target.value)} />;
  }
}
