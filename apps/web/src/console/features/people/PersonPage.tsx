import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Form, Input, Modal, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registry } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import { shanghaiDate } from '../../../shared/time.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { AgentsCard } from './AgentsCard.tsx';
import type { PersonRow } from './PeoplePage.tsx';

const FIELDS: Array<[keyof PersonRow, string]> = [
  ['name', 'people.name'],
  ['idNumber', 'people.idNumber'],
  ['sex', 'people.sex'],
  ['birthDate', 'people.birth'],
  ['ethnicity', 'people.ethnicity'],
  ['phone', 'people.phone'],
  ['registeredAddress', 'people.registered'],
  ['residenceAddress', 'people.residence'],
  ['residenceType', 'people.residenceType'],
  ['maritalStatus', 'people.marital'],
  ['disabilityGrade', 'people.disability'],
  ['isVeteran', 'people.veteran'],
  ['divisionCode', 'people.division'],
];

/** A person with the source of every value; the clear ID number and phone only after a reason is given (audited). */
export function PersonPage() {
  const { t } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const can = useCan();
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<PersonRow>();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const { data, error, isLoading } = useQuery({
    queryKey: ['person', id],
    queryFn: () => call(registry.person, { params: { id } }),
  });
  if (isLoading) return <Spin />;
  if (error || !data)
    return <Alert type="error" showIcon title={error instanceof ApiError ? error.message : t('common.unknownError')} />;
  const p = { ...data, ...(revealed ?? {}) };
  const show = (k: keyof PersonRow) => {
    const v = p[k];
    if (k === 'sex' || k === 'residenceType') return t(`people.${v as string}`);
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    return v === null || v === undefined ? '—' : String(v);
  };
  const reveal = (v: { reason: string }) =>
    run(async () => {
      setRevealed(await call(registry.reveal, { params: { id }, body: { reason: v.reason } }));
      setAsking(false);
      message.info(t('people.revealed'));
    });
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{data.name}</h1>}
      extra={
        can('person.reveal') &&
        !revealed && (
          <Button onClick={() => setAsking(true)} data-testid="reveal">
            {t('people.reveal')}
          </Button>
        )
      }
    >
      {revealed && <Alert type="warning" showIcon title={t('people.revealed')} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        pagination={false}
        rowKey="k"
        dataSource={FIELDS.map(([k, label]) => ({
          k,
          label: t(label),
          value: show(k),
          prov: data.provenance[k as string],
        }))}
        columns={[
          { title: t('people.field'), dataIndex: 'label', width: 160 },
          { title: t('people.value'), dataIndex: 'value', render: (v: string, r) => <span data-field={r.k}>{v}</span> },
          {
            title: t('people.provenance'),
            dataIndex: 'prov',
            render: (pr?: { source: string; at: string }) =>
              pr ? (
                <span>
                  <Tag>{pr.source}</Tag>
                  {shanghaiDate(pr.at)}
                </span>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <AgentsCard personId={id} />
      {data.household && (
        <p style={{ marginTop: 12 }}>
          {t('people.household')}：
          <Link to="/households/$number" params={{ number: data.household.number }}>
            {data.household.number}
          </Link>
          （{data.household.relation}）
        </p>
      )}
      <Modal open={asking} title={t('people.reveal')} onCancel={() => setAsking(false)} footer={null} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={reveal}>
          <Form.Item
            name="reason"
            label={t('people.revealReason')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.confirm')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
