import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { admin, auth, type BodyOf, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { NewUserModal } from './NewUserModal.tsx';

type User = ResponseOf<typeof admin.users>[number];
type Role = ResponseOf<typeof admin.roles>[number];
type Alert = ResponseOf<typeof auth.securityAlerts>[number];

/**
 * Users with their roles and scopes; the security administrator grants and revokes business roles
 * (the server enforces 三权分立: administrator roles and accounts are the command line's) and sees
 * the sign-in alerts.
 */
export function UsersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [granting, setGranting] = useState<User>();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const users = useQuery({ queryKey: ['users'], queryFn: () => call(admin.users) });
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => call(admin.roles) });
  const alerts = useQuery({
    queryKey: ['security-alerts'],
    queryFn: () => call(auth.securityAlerts, { query: { limit: 100 } }),
  });
  const roleName = (code: string) => roles.data?.find((r) => r.code === code)?.name ?? code;
  const isAdminRole = (code: string) => !!roles.data?.find((r) => r.code === code)?.admin_kind;
  const revoke = (u: User, role: string) =>
    modal.confirm({
      title: t('admin.revokeConfirm', { user: u.displayName, role: roleName(role) }),
      onOk: () =>
        run(async () => {
          await call(admin.revoke, { params: { id: u.id, role } });
          message.success(t('common.saved'));
          await qc.invalidateQueries({ queryKey: ['users'] });
        }),
    });
  const grant = (v: BodyOf<typeof admin.grant>) =>
    run(async () => {
      await call(admin.grant, { params: { id: granting!.id }, body: v });
      message.success(t('common.saved'));
      setGranting(undefined);
      await qc.invalidateQueries({ queryKey: ['users'] });
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('admin.usersTitle')}</h1>}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('admin.newUser')}
          </Button>
        }
      >
        <Table<User>
          rowKey="id"
          size="small"
          loading={users.isLoading}
          dataSource={users.data ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t('admin.username'), dataIndex: 'username' },
            { title: t('admin.displayName'), dataIndex: 'displayName' },
            { title: t('header.department'), dataIndex: 'department' },
            {
              title: t('admin.roles'),
              dataIndex: 'roles',
              render: (rs: User['roles'], u) =>
                rs.map((r) => (
                  // an administrator account's roles are changed on the command line only: no close button there
                  <Tag
                    key={r.role}
                    closable={!rs.some((x) => isAdminRole(x.role))}
                    closeIcon={<span aria-label={t('admin.revoke')}>×</span>}
                    onClose={(e) => {
                      e.preventDefault();
                      revoke(u, r.role);
                    }}
                  >
                    {roleName(r.role)} · {t(`admin.scopes.${r.scope}`)}
                  </Tag>
                )),
            },
            {
              title: t('admin.totp'),
              dataIndex: 'totpEnabled',
              render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
            },
            {
              title: t('admin.locked'),
              dataIndex: 'locked',
              render: (v: boolean) => (v ? <Tag color="red">{t('admin.locked')}</Tag> : ''),
            },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, u) => (
                <Button size="small" onClick={() => setGranting(u)}>
                  {t('admin.grant')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('admin.alertsTitle')}>
        <Typography.Paragraph type="secondary">{t('admin.alertsHint')}</Typography.Paragraph>
        <Table<Alert>
          rowKey="seq"
          size="small"
          loading={alerts.isLoading}
          dataSource={alerts.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('admin.at'), dataIndex: 'at', render: (a: string) => shanghaiDateTime(a) },
            {
              title: t('admin.action'),
              dataIndex: 'action',
              render: (a: string) => <Tag color="red">{t(`admin.alertKinds.${a.replace(/^auth\./, '')}`)}</Tag>,
            },
            { title: t('admin.username'), dataIndex: 'actor_name' },
            { title: t('admin.ip'), dataIndex: 'ip' },
            { title: t('admin.socketIp'), dataIndex: 'socket_ip' },
            { title: t('common.details'), dataIndex: 'details', render: (d: Alert['details']) => alertDetails(d, t) },
          ]}
        />
      </Card>
      <Card title={t('admin.rolesTitle')}>
        <Table<Role>
          rowKey="code"
          size="small"
          loading={roles.isLoading}
          dataSource={roles.data ?? []}
          pagination={false}
          columns={[
            { title: t('admin.code'), dataIndex: 'code' },
            { title: t('admin.name'), dataIndex: 'name' },
            {
              title: t('admin.permissions'),
              dataIndex: 'permissions',
              render: (ps: string[]) => ps.map((p) => <Tag key={p}>{p}</Tag>),
            },
          ]}
        />
      </Card>
      <Modal
        open={!!granting}
        title={`${t('admin.grant')} · ${granting?.displayName ?? ''}`}
        footer={null}
        onCancel={() => setGranting(undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={grant} initialValues={{ scope: 'department' }}>
          <Form.Item name="role" label={t('admin.roles')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              options={(roles.data ?? []).map((r) => ({
                value: r.code,
                label: r.name,
                disabled: !!r.admin_kind,
                title: r.admin_kind ? t('admin.adminReserved') : undefined,
              }))}
            />
          </Form.Item>
          <Form.Item name="scope" label={t('admin.scope')} rules={[{ required: true }]}>
            <Select
              options={(['department', 'subtree', 'all'] as const).map((s) => ({
                value: s,
                label: t(`admin.scopes.${s}`),
              }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
      {creating && (
        <NewUserModal
          onClose={(created) => {
            setCreating(false);
            if (created) void qc.invalidateQueries({ queryKey: ['users'] });
          }}
        />
      )}
    </Space>
  );
}

/** An alert's details in words, times in Beijing time (the server stores UTC instants). */
function alertDetails(d: Alert['details'], t: (key: string, opts?: Record<string, unknown>) => string): string {
  const parts: string[] = [];
  if (typeof d.failures === 'number') parts.push(t('admin.alertFailures', { n: d.failures }));
  if (typeof d.until === 'string') parts.push(t('admin.alertUntil', { at: shanghaiDateTime(d.until) }));
  if (typeof d.windowMinutes === 'number') parts.push(t('admin.alertWindow', { n: d.windowMinutes }));
  return parts.join('；') || '—';
}
