import { Link } from '@tanstack/react-router';
import { Button, Card, Form, Input, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registry, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useServerErrors } from '../../useServerErrors.ts';

/** A person as lists show her (ID number and phone masked). */
export type PersonRow = ResponseOf<typeof registry.search>[number];

/** Search by ID number, name (fragments), address or household number; lists show masked ID numbers and phones. */
export function PeoplePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [rows, setRows] = useState<PersonRow[]>();
  // the household's number is the query's `household`; a field left empty is not sent
  const search = (v: { idNumber?: string; name?: string; address?: string; household?: string }) =>
    run(async () => {
      const given = (text: string | undefined) => text || undefined;
      const query = { idNumber: given(v.idNumber), name: given(v.name), address: given(v.address) };
      setRows(await call(registry.search, { query: { ...query, household: given(v.household), limit: 100 } }));
    });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('people.title')}</h1>}>
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="idNumber" label={t('people.idNumber')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="name" label={t('people.name')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="address" label={t('people.address')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="household" label={t('people.household')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.search')}
        </Button>
      </Form>
      <Table<PersonRow>
        rowKey="id"
        size="middle"
        dataSource={rows ?? []}
        loading={busy}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('people.searchHint') }}
        columns={[
          {
            title: t('people.name'),
            dataIndex: 'name',
            render: (n: string, r) => (
              <Link to="/people/$id" params={{ id: r.id }}>
                {n}
              </Link>
            ),
          },
          { title: t('people.idNumber'), dataIndex: 'idNumber' },
          { title: t('people.sex'), dataIndex: 'sex', render: (s: string) => t(`people.${s}`) },
          { title: t('people.birth'), dataIndex: 'birthDate' },
          { title: t('people.phone'), dataIndex: 'phone' },
          { title: t('people.residence'), dataIndex: 'residenceAddress' },
        ]}
      />
    </Card>
  );
}
