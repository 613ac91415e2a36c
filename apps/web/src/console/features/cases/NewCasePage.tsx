import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.ts';
import { useCaseTypes } from '../../caseTypes.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import type { PersonRow } from '../people/PeoplePage.tsx';

/** Case types whose subject is the household of the person found at the window. */
const HOUSEHOLD_TYPES = ['minimum_allowance', 'allowance_reverification'];
import { FieldInput } from './FieldInput.tsx';

/** 窗口接件: find the applicant in the registry, name the matter, fill the type's opening fields. */
export function NewCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: types } = useCaseTypes();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [typeCode, setTypeCode] = useState('service_application');
  const [found, setFound] = useState<PersonRow[]>();
  const [subject, setSubject] = useState<PersonRow>();
  const [missing, setMissing] = useState(false);
  const type = types?.find((ty) => ty.code === typeCode);
  const key = useState(() => crypto.randomUUID())[0];

  const find = (q: string) => run(async () => {
    const term = q.trim();
    if (!term) return;
    const param = /^\d{17}[\dXx]$/.test(term) ? `idNumber=${term}` : `name=${encodeURIComponent(term)}`;
    setFound(await api.get<PersonRow[]>(`/api/v1/persons?${param}&limit=20`));
  });

  const submit = (v: Record<string, unknown>) => {
    if (!subject) return setMissing(true);
    const { title, ...fields } = v;
    return run(async () => {
      // a 低保 application is the household's: the chosen person's household is the subject
      const household = HOUSEHOLD_TYPES.includes(typeCode) ? (await api.get<{ household: { id: string } | null }>(`/api/v1/persons/${subject.id}`)).household : undefined;
      const ref = household ? { type: 'household', id: household.id } : { type: 'person', id: subject.id };
      const r = await api.post<{ case: { id: string } }>('/api/v1/cases', { typeCode, title, subject: ref, fields }, { 'idempotency-key': key });
      await navigate({ to: '/cases/$id', params: { id: r.case.id } });
    });
  };

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('cases.newTitle')}</h1>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select aria-label={t('cases.type')} value={typeCode} onChange={setTypeCode} style={{ width: 240 }} options={(types ?? []).map((ty) => ({ value: ty.code, label: ty.name }))} />
        <Input.Search aria-label={t('cases.subjectSearch')} placeholder={t('cases.subjectSearch')} enterButton={t('common.search')} onSearch={find} style={{ maxWidth: 480 }} data-testid="subject-search" />
        {found && (
          <Table<PersonRow> size="small" rowKey="id" dataSource={found} pagination={false}
            rowSelection={{ type: 'radio', selectedRowKeys: subject ? [subject.id] : [], onChange: (_, rows) => { setSubject(rows[0]); setMissing(false); } }}
            onRow={(r) => ({ onClick: () => { setSubject(r); setMissing(false); } })}
            columns={[{ title: t('people.name'), dataIndex: 'name' }, { title: t('people.idNumber'), dataIndex: 'idNumber' }, { title: t('people.residence'), dataIndex: 'residenceAddress' }]} />
        )}
        {missing && <Alert type="warning" showIcon title={t('cases.chooseSubject')} />}
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 480 }}>
          <Form.Item name="title" label={t('cases.titleField')} rules={[{ required: true, message: t('common.required') }]}><Input maxLength={200} /></Form.Item>
          {type?.openFields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={f.label} rules={f.required ? [{ required: true, message: t('common.required') }] : []}><FieldInput spec={f} /></Form.Item>
          ))}
          <Button type="primary" htmlType="submit" loading={busy}>{t('cases.open')}</Button>
        </Form>
      </Space>
    </Card>
  );
}
