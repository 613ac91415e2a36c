import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { App, Button, Card, DatePicker, Form, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { assistancePayments, type ProgrammeCode } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useCan, useMe } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { PAID_PROGRAMMES, yuan } from './money.ts';

/** 发放批次: the cycles of the area, and a new draft for a programme and month. */
export function CyclesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const { data, isLoading } = useQuery({
    queryKey: ['cycles'],
    queryFn: () => call(assistancePayments.cycles, { query: {} }),
  });
  const draft = (v: { programme: ProgrammeCode; period: dayjs.Dayjs }) =>
    run(async () => {
      const r = await call(assistancePayments.draft, {
        body: { programme: v.programme, divisionCode: me!.divisionCode, period: v.period.format('YYYY-MM') },
      });
      // payable but left out for want of an account: say so, they are paid once the account is entered
      if (r.withoutAccount) message.warning(t('assistance.withoutAccount', { n: r.withoutAccount }));
      if (r.unverifiedAccount) message.warning(t('assistance.unverifiedAccount', { n: r.unverifiedAccount }));
      await navigate({ to: '/assistance/cycles/$id', params: { id: r.id } });
    });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('assistance.cyclesTitle')}</h1>}>
      {can('payment.prepare') && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16 }}
          onFinish={(v) => void draft(v)}
          initialValues={{ programme: PAID_PROGRAMMES[0], period: dayjs() }}
          data-testid="draft-cycle"
        >
          <Form.Item name="programme" label={t('assistance.programme')}>
            <Select
              style={{ width: 200 }}
              options={PAID_PROGRAMMES.map((p) => ({ value: p, label: t(`assistance.programmes.${p}`) }))}
            />
          </Form.Item>
          <Form.Item name="period" label={t('assistance.period')}>
            <DatePicker picker="month" allowClear={false} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('assistance.draft', { division: me?.divisionName ?? '' })}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="cycles"
        columns={[
          {
            title: t('assistance.cycleNumber'),
            render: (_, r) => (
              <Link to="/assistance/cycles/$id" params={{ id: r.id }}>
                {r.number}
              </Link>
            ),
          },
          {
            title: t('assistance.programme'),
            dataIndex: 'programme',
            render: (p: string) => t(`assistance.programmes.${p}`),
          },
          { title: t('people.division'), dataIndex: 'divisionName' },
          { title: t('assistance.period'), dataIndex: 'period', render: (p: string) => p.slice(0, 7) },
          { title: t('assistance.count'), dataIndex: 'payment_count', align: 'right' },
          { title: t('assistance.total'), dataIndex: 'total_fen', align: 'right', render: (v: number) => yuan(v) },
          {
            title: t('inbox.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'approved' ? 'green' : 'gold'}>{t(`assistance.cycleStatus.${s}`)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
