import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistance, care, type CareStandards, registry } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useCan, useMe } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { yuan } from '../assistance/money.ts';
import type { PersonRow } from '../people/PeoplePage.tsx';

type CareCategory = CareStandards['categories'][number];

/** 优抚对象: the registry by category, households also in 低保 marked, registration, and opinions from those away. */
export function CarePage() {
  const { t } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<{ category?: string; search?: string }>({});
  const [registering, setRegistering] = useState(false);
  const on = dayjs().format('YYYY-MM-DD');
  const { data: categories } = useQuery({
    queryKey: ['care-standards', me?.divisionCode],
    enabled: !!me,
    queryFn: async () =>
      (
        await Promise.all(
          ['preferentialCare', 'conscriptFamilyAllowance'].map((p) =>
            call(assistance.ruleInForce, {
              query: { programme: p, divisionCode: me!.divisionCode.slice(0, 6), on },
            }).then(
              // the care programmes' rules are CareStandards: the only kind with categories
              (rule): CareCategory[] => ('categories' in rule ? rule.categories : []),
              (): CareCategory[] => [],
            ),
          ),
        )
      ).flat(),
  });
  const label = (code: string) => categories?.find((c) => c.code === code)?.label ?? code;
  const { data, isLoading, refetch } = useQuery({
    queryKey: ['care', filter],
    queryFn: () => call(care.list, { query: filter }),
  });
  const { data: opinions } = useQuery({
    queryKey: ['care-opinions'],
    enabled: can('care.record'),
    queryFn: () => call(care.opinions),
  });

  const list = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('care.category')}
          style={{ width: 220 }}
          value={filter.category}
          onChange={(category) => setFilter({ ...filter, category })}
          options={(categories ?? []).map((c) => ({ value: c.code, label: c.label }))}
        />
        <Input.Search
          allowClear
          placeholder={t('assistance.searchHint')}
          onSearch={(search) => setFilter({ ...filter, search: search || undefined })}
          style={{ width: 240 }}
        />
        {can('assistance.manage') && (
          <Button type="primary" onClick={() => setRegistering(true)} data-testid="care-register">
            {t('care.register')}
          </Button>
        )}
        <Link to="/care/visits">{t('care.visitsLink')}</Link>
      </Space>
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="care-list"
        columns={[
          {
            title: t('people.name'),
            render: (_, b) => (
              <Link to="/care/$id" params={{ id: b.id }}>
                {b.name}
              </Link>
            ),
          },
          { title: t('people.idNumber'), dataIndex: 'id_number_masked' },
          { title: t('care.category'), dataIndex: 'category', render: (c: string) => label(c) },
          { title: t('people.division'), dataIndex: 'divisionName' },
          {
            title: t('care.perPeriod'),
            render: (_, b) => (b.amount_fen ? `${yuan(b.amount_fen)} / ${t(`care.frequency.${b.frequency}`)}` : '—'),
          },
          {
            title: t('care.flags'),
            render: (_, b) => (
              <>
                {b.alsoAllowance && <Tag color="purple">{t('care.alsoAllowance')}</Tag>}
                {b.working_away && <Tag>{t('care.workingAway')}</Tag>}
              </>
            ),
          },
        ]}
      />
    </>
  );
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('care.title')}</h1>}>
      <Tabs
        items={[
          { key: 'list', label: t('care.title'), children: list },
          ...(can('care.record')
            ? [
                {
                  key: 'opinions',
                  label: t('care.opinions'),
                  children: (
                    <Table
                      rowKey="id"
                      dataSource={opinions ?? []}
                      pagination={false}
                      columns={[
                        {
                          title: t('assistance.submitted'),
                          dataIndex: 'filed_at',
                          render: (v: string) => shanghaiDateTime(v),
                        },
                        { title: t('people.name'), render: (_, o) => `${o.name} ${o.phone_masked}` },
                        { title: t('people.division'), dataIndex: 'divisionName' },
                        { title: t('care.opinion'), dataIndex: 'text' },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {registering && (
        <RegisterDialog
          categories={categories ?? []}
          onCancel={() => setRegistering(false)}
          onDone={(id) => {
            setRegistering(false);
            void refetch();
            void navigate({ to: '/care/$id', params: { id } });
          }}
        />
      )}
    </Card>
  );
}

function RegisterDialog({
  categories,
  onCancel,
  onDone,
}: {
  categories: CareCategory[];
  onCancel: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [found, setFound] = useState<PersonRow[]>();
  const find = (q: string) =>
    run(async () => {
      const term = q.trim();
      if (term)
        setFound(
          await call(registry.search, {
            query: { ...(/^\d{17}[\dXx]$/.test(term) ? { idNumber: term } : { name: term }), limit: 20 },
          }),
        );
    });
  const submit = (v: {
    personId: string;
    category: string;
    since: dayjs.Dayjs;
    phone?: string;
    workingAway?: boolean;
    bankName?: string;
    account?: string;
  }) =>
    run(async () => {
      const r = await call(care.register, {
        body: { ...v, since: v.since.format('YYYY-MM-DD'), workingAway: !!v.workingAway },
      });
      onDone(r.id);
    });
  return (
    <Modal open title={t('care.register')} footer={null} onCancel={onCancel} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="care-register-form">
        <Input.Search
          placeholder={t('cases.subjectSearch')}
          enterButton={t('common.search')}
          onSearch={find}
          style={{ marginBottom: 8 }}
        />
        <Form.Item name="personId" label={t('people.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            aria-label={t('people.name')}
            options={(found ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.idNumber}` }))}
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('care.category')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            aria-label={t('care.category')}
            options={categories.map((c) => ({
              value: c.code,
              label: `${c.label}（${yuan(c.annualFen)} ${t('care.perYear')}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="since" label={t('care.since')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker aria-label={t('care.since')} />
        </Form.Item>
        <Form.Item name="phone" label={t('people.phone')}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="workingAway" valuePropName="checked">
          <Checkbox>{t('care.workingAway')}</Checkbox>
        </Form.Item>
        <Space>
          <Form.Item name="bankName" label={t('assistance.bank')}>
            <Input />
          </Form.Item>
          <Form.Item name="account" label={t('assistance.accountNumber')}>
            <Input inputMode="numeric" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
