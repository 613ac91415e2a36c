import { Alert, Button, Card, DatePicker, Form, Input, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { admin, type QueryOf, type ResponseOf } from '@grassroots/contracts';
import { call, urlOf } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';

type Entry = ResponseOf<typeof admin.audit>[number];

/** Audit search and CSV export for the audit administrator, and a check of the whole hash chain. */
export function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [rows, setRows] = useState<Entry[]>();
  const [filter, setFilter] = useState<QueryOf<typeof admin.audit>>({});
  const [verified, setVerified] = useState<ResponseOf<typeof admin.verifyAudit>>();
  const search = (v: { action?: string; actor?: string; targetId?: string; range?: [Dayjs, Dayjs] }) => {
    // a field typed and cleared is no filter (an empty actor would match nobody)
    const f = {
      action: v.action || undefined,
      actor: v.actor || undefined,
      targetId: v.targetId || undefined,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
    };
    setFilter(f);
    return run(async () => setRows(await call(admin.audit, { query: { ...f, limit: 500 } })));
  };
  const verify = () => run(async () => setVerified(await call(admin.verifyAudit)));
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('admin.auditTitle')}</h1>}
      extra={
        <Space>
          {can('audit.verify') && (
            <Button onClick={verify} loading={busy}>
              {t('admin.verify')}
            </Button>
          )}
          {can('audit.export') && (
            <Button href={urlOf(admin.audit, { query: { ...filter, format: 'csv', limit: 10000 } })} download>
              {t('common.exportCsv')}
            </Button>
          )}
        </Space>
      }
    >
      {verified && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={verified.ok ? 'success' : 'error'}
          title={
            verified.ok ? t('admin.verifyOk', { n: verified.count }) : t('admin.verifyBad', { pos: verified.brokenSeq })
          }
          description={verified.ok ? undefined : verified.reason}
        />
      )}
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="action" label={t('admin.action')}>
          <Input allowClear style={{ width: 160 }} placeholder="case.act" />
        </Form.Item>
        <Form.Item name="actor" label={t('admin.actor')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="targetId" label={t('admin.target')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="range" label={t('admin.at')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.search')}
        </Button>
      </Form>
      <Table<Entry>
        rowKey="seq"
        size="small"
        dataSource={rows ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('admin.at'), dataIndex: 'at', render: (a: string) => shanghaiDateTime(a) },
          { title: t('admin.actor'), dataIndex: 'actor_name' },
          { title: t('admin.action'), dataIndex: 'action' },
          {
            title: t('admin.target'),
            key: 'target',
            render: (_: unknown, r) => (r.target_type ? `${r.target_type}:${r.target_id?.slice(0, 8)}` : ''),
          },
          // the client address, and the TCP peer it came through (a trusted proxy) when they differ
          {
            title: t('admin.ip'),
            dataIndex: 'ip',
            render: (ip: string | null, r) =>
              r.socket_ip && r.socket_ip !== ip ? `${ip ?? ''} (${t('admin.socketIp')} ${r.socket_ip})` : ip,
          },
          {
            title: t('common.details'),
            dataIndex: 'details',
            render: (d: unknown) => <code style={{ fontSize: 11 }}>{JSON.stringify(d)}</code>,
          },
        ]}
      />
    </Card>
  );
}
