import { type AgentView, registry } from '@grassroots/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../shared/client.ts';
import { shanghaiDate } from '../../../shared/time.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';

const STATUS_COLOR = { current: 'green', expired: 'default', revoked: 'red' } as const;

/**
 * 委托代理人: who may apply for the person on the portal besides herself and the adults of her
 * household. Registered after seeing the document, revoked with a reason; the phone is only ever
 * shown masked (the server never sends it whole).
 */
export function AgentsCard({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<AgentView>();
  const [addForm] = Form.useForm();
  const [revokeForm] = Form.useForm();
  const add = useServerErrors(addForm);
  const revoke = useServerErrors(revokeForm);
  const key = ['person', personId, 'agents'];
  const { data, isLoading } = useQuery({
    queryKey: key,
    queryFn: () => call(registry.agents, { params: { id: personId } }),
  });
  const done = async (text: string) => {
    await queryClient.invalidateQueries({ queryKey: key });
    message.success(text);
  };

  const submitAdd = (v: { name: string; phone: string; relationship: string; document: string; validUntil: Dayjs }) =>
    add.run(async () => {
      await call(registry.registerAgent, {
        params: { id: personId },
        body: { ...v, validUntil: v.validUntil.format('YYYY-MM-DD') },
      });
      setAdding(false);
      await done(t('agents.added'));
    });
  const submitRevoke = (v: { reason: string }) =>
    revoke.run(async () => {
      await call(registry.revokeAgent, { params: { id: personId, agentId: revoking!.id }, body: v });
      setRevoking(undefined);
      await done(t('agents.revokedDone'));
    });
  const required = [{ required: true, message: t('common.required') }];

  return (
    <Card
      size="small"
      title={t('agents.title')}
      style={{ marginTop: 12 }}
      data-testid="agents"
      extra={
        can('person.write') && (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('agents.add')}
          </Button>
        )
      }
    >
      <p style={{ marginTop: 0, color: '#666' }}>{t('agents.hint')}</p>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        locale={{ emptyText: t('agents.none') }}
        columns={[
          { title: t('agents.name'), dataIndex: 'name' },
          { title: t('agents.phone'), dataIndex: 'phone' },
          { title: t('agents.relationship'), dataIndex: 'relationship' },
          { title: t('agents.document'), dataIndex: 'document' },
          { title: t('agents.validUntil'), dataIndex: 'validUntil' },
          {
            title: t('agents.registered'),
            render: (_: unknown, a: AgentView) => `${a.registeredBy ?? '—'} ${shanghaiDate(a.registeredAt)}`,
          },
          {
            title: t('agents.status'),
            render: (_: unknown, a: AgentView) => (
              <Tag color={STATUS_COLOR[a.status]} title={a.revokeReason ?? undefined}>
                {t(`agents.${a.status}`)}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, a: AgentView) =>
              can('person.write') &&
              a.status === 'current' && (
                <Button size="small" danger onClick={() => setRevoking(a)}>
                  {t('agents.revoke')}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={adding} title={t('agents.add')} onCancel={() => setAdding(false)} footer={null} destroyOnHidden>
        <Form form={addForm} layout="vertical" onFinish={submitAdd}>
          <Form.Item name="name" label={t('agents.name')} rules={required}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="phone" label={t('agents.phone')} rules={required}>
            <Input maxLength={11} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="relationship" label={t('agents.relationship')} rules={required}>
            <Input maxLength={20} placeholder={t('agents.relationshipHint')} />
          </Form.Item>
          <Form.Item
            name="document"
            label={t('agents.document')}
            rules={required}
            initialValue={t('agents.documentDefault')}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="validUntil" label={t('agents.validUntil')} rules={required}>
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.busy}>
            {t('common.confirm')}
          </Button>
        </Form>
      </Modal>
      <Modal
        open={!!revoking}
        title={t('agents.revoke')}
        onCancel={() => setRevoking(undefined)}
        footer={null}
        destroyOnHidden
      >
        <Form form={revokeForm} layout="vertical" onFinish={submitRevoke}>
          <Form.Item name="reason" label={t('agents.revokeReason')} rules={required}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" loading={revoke.busy}>
            {t('common.confirm')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
