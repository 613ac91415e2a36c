import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { complaints, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useCaseTypes } from '../../caseTypes.ts';
import { codeLabel } from '../../i18n.ts';

type Board = ResponseOf<typeof complaints.board>;

/** 协调看板: open work orders by lead department, and the supervision list of overdue ones with the step reached. */
export function ComplaintBoardPage() {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['complaint-board'],
    refetchInterval: 30_000,
    queryFn: () => call(complaints.board),
  });
  const { data: types } = useCaseTypes();
  const states = types?.find((ty) => ty.code === 'complaint_order')?.states ?? {};
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('complaints.boardTitle')}</h1>}
        extra={<Link to="/complaints/new">{t('complaints.hotlineTitle')}</Link>}
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data?.byDepartment ?? []}
          data-testid="complaint-board"
          columns={[
            { title: t('complaints.department'), dataIndex: 'name' },
            { title: t('complaints.open'), dataIndex: 'open' },
            { title: t('complaints.toDispatch'), dataIndex: 'toDispatch' },
            { title: t('complaints.toSign'), dataIndex: 'toSign' },
            { title: t('complaints.handling'), dataIndex: 'handling' },
            { title: t('complaints.replied'), dataIndex: 'replied' },
            {
              title: t('complaints.overdue'),
              dataIndex: 'overdue',
              render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
            },
          ]}
        />
      </Card>
      <Card title={t('complaints.centreSteps')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20 }}
          dataSource={data?.centreSteps ?? []}
          data-testid="centre-steps"
          columns={[
            {
              title: t('cases.number'),
              render: (_: unknown, r: Board['centreSteps'][number]) => (
                <Link to="/cases/$id" params={{ id: r.id }}>
                  {r.number}
                </Link>
              ),
            },
            { title: t('inbox.titleCol'), dataIndex: 'title' },
            {
              title: t('inbox.status'),
              dataIndex: 'status',
              render: (s: string) => <Tag>{codeLabel('status', s, states[s]?.label)}</Tag>,
            },
            { title: t('complaints.department'), dataIndex: 'department' },
            { title: t('cases.opened'), dataIndex: 'openedAt', render: (at: string) => shanghaiDateTime(at) },
          ]}
        />
      </Card>
      <Card title={t('complaints.supervision')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data?.supervision ?? []}
          columns={[
            {
              title: t('cases.number'),
              render: (_: unknown, r: Board['supervision'][number]) => (
                <Link to="/cases/$id" params={{ id: r.id }}>
                  {r.number}
                </Link>
              ),
            },
            { title: t('inbox.titleCol'), dataIndex: 'title' },
            { title: t('complaints.department'), dataIndex: 'department' },
            { title: t('cases.due'), dataIndex: 'dueDate' },
            {
              title: t('complaints.escalation'),
              dataIndex: 'escalation',
              render: (l: number | null) =>
                l ? <Tag color={l >= 3 ? 'red' : 'orange'}>{t(`complaints.escalations.${l}`)}</Tag> : '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
