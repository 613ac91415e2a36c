import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BodyOf, cases, org, registry } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useCaseTypes } from '../../caseTypes.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import type { PersonRow } from '../people/PeoplePage.tsx';
import { FieldInput } from './FieldInput.tsx';

/**
 * 窗口接件: find the applicant in the registry (a 低保 case goes to her household), or the company a
 * case is about (a prior consultation: the property company), name the matter, fill the type's
 * opening fields. Matters from the public go through the 12345 intake instead.
 */
export function NewCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: types } = useCaseTypes();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [chosen, setTypeCode] = useState<string>();
  // until a clerk picks one, the first type the server lists (its reference type, 一般事项申请)
  const typeCode = chosen ?? types?.[0]?.code;
  const [found, setFound] = useState<PersonRow[]>();
  const [subject, setSubject] = useState<PersonRow>();
  const [organisation, setOrganisation] = useState<string>();
  const [missing, setMissing] = useState(false);
  const type = types?.find((ty) => ty.code === typeCode);
  const onOrganisation = type?.openSubject === 'organisation';
  const organisations = useQuery({
    queryKey: ['organisations'],
    enabled: onOrganisation,
    queryFn: () => call(org.organisations, { query: {} }),
  });
  const key = useState(() => crypto.randomUUID())[0];

  const find = (q: string) =>
    run(async () => {
      const term = q.trim();
      if (!term) return;
      const query = /^\d{17}[\dXx]$/.test(term) ? { idNumber: term } : { name: term };
      setFound(await call(registry.search, { query: { ...query, limit: 20 } }));
    });

  const subjectRef = async (): Promise<BodyOf<typeof cases.open>['subject'] | undefined> => {
    if (onOrganisation) return organisation ? { type: 'organisation', id: organisation } : undefined;
    if (!subject) return undefined;
    // a 低保 application is the household's: the chosen person's household is the subject
    const household =
      type?.openSubject === 'household'
        ? (await call(registry.person, { params: { id: subject.id } })).household
        : undefined;
    return household ? { type: 'household', id: household.id } : { type: 'person', id: subject.id };
  };

  const submit = (v: Record<string, unknown>) => {
    if (onOrganisation ? !organisation : !subject) return setMissing(true);
    const { title, ...fields } = v;
    return run(async () => {
      const ref = await subjectRef();
      // the checks above leave a subject: a missing one is refused by the server's schema all the same
      const r = await call(cases.open, {
        body: { typeCode: typeCode ?? '', title: title as string, subject: ref!, fields },
        headers: { 'idempotency-key': key },
      });
      await navigate({ to: '/cases/$id', params: { id: r.case.id } });
    });
  };

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('cases.newTitle')}</h1>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          aria-label={t('cases.type')}
          value={typeCode}
          onChange={(v: string) => {
            setTypeCode(v);
            setMissing(false);
          }}
          style={{ width: 240 }}
          options={(types ?? [])
            .filter((ty) => ty.openSubject !== 'complaint')
            .map((ty) => ({ value: ty.code, label: ty.name }))}
        />
        {onOrganisation ? (
          <Select
            aria-label={t('cases.organisation')}
            placeholder={t('cases.organisation')}
            showSearch
            optionFilterProp="label"
            style={{ maxWidth: 480 }}
            value={organisation}
            data-testid="organisation-select"
            onChange={(id: string) => {
              setOrganisation(id);
              setMissing(false);
            }}
            options={(organisations.data ?? []).map((o) => ({
              value: o.id,
              label: `${o.name}${o.credit_code ? `（${o.credit_code}）` : ''}`,
            }))}
          />
        ) : (
          <>
            <Input.Search
              aria-label={t('cases.subjectSearch')}
              placeholder={t('cases.subjectSearch')}
              enterButton={t('common.search')}
              onSearch={find}
              style={{ maxWidth: 480 }}
              data-testid="subject-search"
            />
            {found && (
              <Table<PersonRow>
                size="small"
                rowKey="id"
                dataSource={found}
                pagination={false}
                rowSelection={{
                  type: 'radio',
                  selectedRowKeys: subject ? [subject.id] : [],
                  onChange: (_, rows) => {
                    setSubject(rows[0]);
                    setMissing(false);
                  },
                }}
                onRow={(r) => ({
                  onClick: () => {
                    setSubject(r);
                    setMissing(false);
                  },
                })}
                columns={[
                  { title: t('people.name'), dataIndex: 'name' },
                  { title: t('people.idNumber'), dataIndex: 'idNumber' },
                  { title: t('people.residence'), dataIndex: 'residenceAddress' },
                ]}
              />
            )}
          </>
        )}
        {missing && (
          <Alert
            type="warning"
            showIcon
            title={t(onOrganisation ? 'cases.chooseOrganisation' : 'cases.chooseSubject')}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 480 }}>
          <Form.Item
            name="title"
            label={t('cases.titleField')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          {type?.openFields.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              rules={f.required ? [{ required: true, message: t('common.required') }] : []}
            >
              <FieldInput spec={f} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('cases.open')}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}
