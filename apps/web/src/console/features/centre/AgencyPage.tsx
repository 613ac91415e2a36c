import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, App, Button, Card, Drawer, Form, Input, List, Progress, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agency, catalogue, type OpenPackage, org, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';

type Pkg = ResponseOf<typeof agency.list>[number];
type SubCase = ResponseOf<typeof agency.get>['items'][number];

/** 企业代办: packages of the centre with their progress; open one for an enterprise project; follow its sub-cases and answer its complaints. */
export function AgencyPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const list = useQuery({ queryKey: ['agency'], queryFn: () => call(agency.list) });
  const detail = useQuery({
    queryKey: ['agency', open],
    enabled: !!open,
    queryFn: () => call(agency.get, { params: { id: open! } }),
  });
  const enterprises = useQuery({
    queryKey: ['enterprises'],
    enabled: creating,
    queryFn: () => call(org.organisations, { query: { kind: 'enterprise' } }),
  });
  const items = useQuery({
    queryKey: ['catalogue', q],
    enabled: creating,
    queryFn: () => call(catalogue.search, { query: { q } }),
  });
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('agency.title')}</h1>}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('agency.new')}
        </Button>
      }
    >
      <Table
        rowKey="id"
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="packages"
        columns={[
          {
            title: t('agency.number'),
            dataIndex: 'number',
            render: (n: string, p: Pkg) => <a onClick={() => setOpen(p.id)}>{n}</a>,
          },
          // the enterprise follows its package on the portal with the number and this code
          {
            title: t('cases.queryCode'),
            dataIndex: 'queryCode',
            render: (q: string) => <span data-testid="package-query-code">{`${q.slice(0, 4)}-${q.slice(4)}`}</span>,
          },
          { title: t('agency.project'), dataIndex: 'projectName' },
          { title: t('agency.enterprise'), dataIndex: 'enterprise' },
          { title: t('agency.agent'), dataIndex: 'agent' },
          {
            title: t('agency.progress'),
            render: (_: unknown, p: Pkg) => (
              <Progress
                percent={Math.round((p.progress.done / p.progress.total) * 100)}
                format={() => `${p.progress.done}/${p.progress.total}`}
                size="small"
              />
            ),
          },
        ]}
      />
      <Drawer open={creating} width={560} title={t('agency.new')} onClose={() => setCreating(false)}>
        <Form
          layout="vertical"
          onFinish={async (v: OpenPackage) => {
            try {
              const r = await call(agency.open, { body: v });
              message.success(
                t('agency.opened', {
                  number: `${r.number}（${t('cases.queryCode')} ${r.queryCode.slice(0, 4)}-${r.queryCode.slice(4)}）`,
                }),
              );
              setCreating(false);
              void list.refetch();
              setOpen(r.id);
            } catch (e) {
              fail(e);
            }
          }}
        >
          <Form.Item name="organisationId" label={t('agency.enterprise')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(enterprises.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
          <Form.Item name="projectName" label={t('agency.project')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="itemCodes"
            label={t('agency.items')}
            extra={t('agency.itemsHint')}
            rules={[{ required: true }]}
          >
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={setQ}
              options={(items.data ?? []).map((i) => ({ value: i.code, label: i.name }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Drawer>
      <Drawer
        open={!!open}
        width={720}
        title={detail.data ? `${detail.data.number} ${detail.data.projectName}` : ''}
        onClose={() => setOpen(undefined)}
      >
        {detail.data && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <div>
              {detail.data.enterprise} · {t('agency.agent')}：{detail.data.agent}
            </div>
            {detail.data.blockers.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('agency.blocked')}
                description={
                  <List size="small" dataSource={detail.data.blockers} renderItem={(b) => <List.Item>{b}</List.Item>} />
                }
              />
            )}
            <Table
              rowKey="caseId"
              size="small"
              pagination={false}
              dataSource={detail.data.items}
              columns={[
                { title: '#', dataIndex: 'position' },
                {
                  title: t('agency.item'),
                  render: (_: unknown, s: SubCase) => (
                    <Link to="/cases/$id" params={{ id: s.caseId }}>
                      {s.item}
                    </Link>
                  ),
                },
                { title: t('cases.owner'), dataIndex: 'department' },
                {
                  title: t('cases.status'),
                  render: (_: unknown, s: SubCase) => (
                    <Tag color={s.done ? 'green' : s.dueState === 'overdue' ? 'red' : undefined}>{s.statusLabel}</Tag>
                  ),
                },
                { title: t('cases.due'), dataIndex: 'dueDate' },
              ]}
            />
            <List
              header={<b>{t('agency.complaints')}</b>}
              dataSource={detail.data.complaints}
              locale={{ emptyText: t('common.none') }}
              renderItem={(c) => (
                <List.Item>
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <span>
                      {shanghaiDateTime(c.filedAt)} {c.contactName ?? ''} {c.contactPhone ?? ''}：{c.text}
                    </span>
                    {c.answer ? (
                      <span>
                        {t('agency.answer')}：{c.answer}
                      </span>
                    ) : (
                      <Input.Search
                        enterButton={t('agency.reply')}
                        placeholder={t('agency.answer')}
                        onSearch={async (answer) => {
                          try {
                            await call(agency.answer, { params: { id: c.id }, body: { answer } });
                            void detail.refetch();
                          } catch (e) {
                            fail(e);
                          }
                        }}
                      />
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
