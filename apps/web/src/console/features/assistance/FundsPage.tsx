import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistancePayments, type ProgrammeCode } from '@grassroots/contracts';
import { call, urlOf } from '../../../shared/client.ts';
import { useCan, useMe } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { fenOfYuan, PAID_PROGRAMMES, yuan } from './money.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);

/** 资金: budgets and what has been paid against them, the seeds' ratios, and the year's payments by township, class and month. */
export function FundsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [year, setYear] = useState(new Date().getFullYear());
  const [editing, setEditing] = useState(false);
  const { data, refetch } = useQuery({
    queryKey: ['funds', year],
    queryFn: () => call(assistancePayments.funds, { query: { year } }),
  });
  const { data: report } = useQuery({
    queryKey: ['funds-report', year],
    queryFn: () => call(assistancePayments.report, { query: { year } }),
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('funds.title')}</h1>}
        extra={
          <Space>
            <Select
              value={year}
              onChange={setYear}
              options={[year - 1, year, year + 1].map((y) => ({ value: y, label: y }))}
            />
            {can('assistance.manage') && <Button onClick={() => setEditing(true)}>{t('funds.setBudget')}</Button>}
          </Space>
        }
      >
        {data?.indicators.map((i) => (
          <Alert
            key={i.divisionCode}
            style={{ marginBottom: 8 }}
            type={i.shareOfRevenueOk === false || i.workingShareOk === false ? 'warning' : 'info'}
            showIcon
            title={t('funds.indicators', {
              division: i.divisionName,
              share: pct(i.shareOfRevenue),
              working: pct(i.workingShare),
            })}
            description={
              <>
                {i.shareOfRevenueOk === false && <Tag color="orange">{t('funds.shareOut')}</Tag>}
                {i.workingShareOk === false && <Tag color="orange">{t('funds.workingLow')}</Tag>}
              </>
            }
          />
        ))}
        <Table
          rowKey={(r) => `${r.programme}-${r.division_code}`}
          dataSource={data?.budgets ?? []}
          pagination={false}
          data-testid="budgets"
          columns={[
            { title: t('people.division'), dataIndex: 'divisionName' },
            {
              title: t('assistance.programme'),
              dataIndex: 'programme',
              render: (p: string) => t(`assistance.programmes.${p}`),
            },
            { title: t('funds.budget'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => yuan(v) },
            { title: t('funds.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => yuan(v) },
            {
              title: t('funds.spent'),
              dataIndex: 'spentShare',
              render: (v: number | null) =>
                v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" />,
            },
            { title: t('funds.basis'), dataIndex: 'basis' },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('funds.report')}
        extra={
          <Space>
            <a href={urlOf(assistancePayments.report, { query: { year, format: 'xlsx' } })}>{t('common.export')}</a>
            <a href={urlOf(assistancePayments.report, { query: { year, format: 'csv' } })}>{t('common.exportCsv')}</a>
          </Space>
        }
      >
        <Table
          rowKey={(r) => `${r.townshipName}-${r.programme}-${r.classCode}-${r.month}`}
          size="small"
          dataSource={report ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t('funds.township'), dataIndex: 'townshipName' },
            {
              title: t('assistance.programme'),
              dataIndex: 'programme',
              render: (p: string) => t(`assistance.programmes.${p}`),
            },
            { title: t('funds.class'), dataIndex: 'classCode' },
            { title: t('assistance.period'), dataIndex: 'month' },
            { title: t('assistance.count'), dataIndex: 'payments', align: 'right' },
            { title: t('assistance.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => yuan(v) },
          ]}
        />
      </Card>
      {editing && (
        <BudgetDialog
          year={year}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            void refetch();
          }}
        />
      )}
    </Space>
  );
}

function BudgetDialog({ year, onCancel, onDone }: { year: number; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const submit = (v: { programme: ProgrammeCode; budget: number; working?: number; revenue?: number; basis: string }) =>
    run(async () => {
      await call(assistancePayments.setBudget, {
        body: {
          programme: v.programme,
          divisionCode: me!.divisionCode,
          year,
          budgetFen: fenOfYuan(v.budget),
          basis: v.basis,
          ...(v.working ? { workingFundsFen: fenOfYuan(v.working) } : {}),
          ...(v.revenue ? { generalRevenueFen: fenOfYuan(v.revenue) } : {}),
        },
      });
      onDone();
    });
  return (
    <Modal open title={t('funds.setBudget')} footer={null} onCancel={onCancel} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ programme: PAID_PROGRAMMES[0] }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="programme" label={t('assistance.programme')}>
          <Select options={PAID_PROGRAMMES.map((p) => ({ value: p, label: t(`assistance.programmes.${p}`) }))} />
        </Form.Item>
        <Form.Item
          name="budget"
          label={t('funds.budgetYuan')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="working" label={t('funds.workingYuan')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="revenue" label={t('funds.revenueYuan')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="basis" label={t('funds.basis')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Modal>
  );
}
