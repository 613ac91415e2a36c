import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button, Card, DatePicker, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { care } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';

/** 每月18日走访: who is owed a visit this month in the area, and who has had it. */
export function VisitsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const { busy, run } = useServerErrors();
  const { data, isLoading, refetch } = useQuery({
    queryKey: ['visits', month],
    queryFn: () => call(care.visitTasks, { query: { month } }),
  });
  const done = (data ?? []).filter((x) => x.record_id).length;
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('care.visitsTitle')}</h1>}>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          value={dayjs(`${month}-01`)}
          allowClear={false}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        <span>{t('care.visitProgress', { done, total: data?.length ?? 0 })}</span>
        {can('assistance.manage') && (
          <Button
            loading={busy}
            onClick={() =>
              void run(async () => {
                await call(care.makeVisitTasks, { body: { month } });
                void refetch();
              })
            }
          >
            {t('care.makeTasks')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="beneficiary_id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        columns={[
          {
            title: t('people.name'),
            render: (_, x) => (
              <Link to="/care/$id" params={{ id: x.beneficiary_id }}>
                {x.name}
              </Link>
            ),
          },
          { title: t('people.division'), dataIndex: 'divisionName' },
          { title: t('care.visitOn'), dataIndex: 'visit_on' },
          {
            title: t('inbox.status'),
            render: (_, x) =>
              x.record_id ? <Tag color="green">{t('care.visited')}</Tag> : <Tag color="orange">{t('care.owed')}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
