import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistance, cases, type BodyOf, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { STATUS_COLORS } from './EntitlementsPage.tsx';
import { fenOfYuan, yuan } from './money.ts';
import { WorkRecordsCard } from './WorkRecordsCard.tsx';

type Entitlement = ResponseOf<typeof assistance.entitlement>;
type ChangeKind = BodyOf<typeof assistance.change>['kind'];

const PAYMENT_COLORS: Record<string, string> = { paid: 'green', pending: 'blue', failed: 'red' };

/** One household's entitlement: why this amount, who is counted, every change, and its ledger (台账) of payments. */
export function EntitlementPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const canManage = useCan()('assistance.manage');
  const [dialog, setDialog] = useState<'account' | 'change' | 'verify'>();
  const {
    data: e,
    error,
    isLoading,
    refetch,
  } = useQuery({
    queryKey: ['entitlement', id],
    queryFn: () => call(assistance.entitlement, { params: { id } }),
  });
  if (isLoading) return <Spin />;
  if (error || !e)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.text(i18n.language) : t('common.unknownError')}
      />
    );
  const done = () => {
    setDialog(undefined);
    void refetch();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {t('assistance.entitlementTitle', { number: e.householdNumber })}{' '}
            <Tag color={STATUS_COLORS[e.status]}>{t(`assistance.statuses.${e.status}`)}</Tag>
          </h1>
        }
        extra={
          canManage &&
          e.status !== 'terminated' && (
            <Space>
              {e.account_masked && !e.account_verified_at && (
                <Button onClick={() => setDialog('verify')} data-testid="verify-account">
                  {t('assistance.verifyAccount')}
                </Button>
              )}
              <Button onClick={() => setDialog('account')}>{t('assistance.changeAccount')}</Button>
              <Button type="primary" onClick={() => setDialog('change')}>
                {t('assistance.change')}
              </Button>
            </Space>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'p', label: t('assistance.programme'), children: t(`assistance.programmes.${e.programme}`) },
            {
              key: 'a',
              label: t('assistance.amount'),
              children: <b data-testid="entitlement-amount">{yuan(e.amount_fen)}</b>,
            },
            { key: 'c', label: t('assistance.class'), children: e.class_code },
            { key: 's', label: t('assistance.startMonth'), children: e.start_month.slice(0, 7) },
            { key: 'r', label: t('assistance.nextReverification'), children: e.next_reverification },
            {
              key: 'k',
              label: t('assistance.case'),
              children: e.caseId ? (
                <Link to="/cases/$id" params={{ id: e.caseId }}>
                  {e.caseNumber}
                </Link>
              ) : (
                '—'
              ),
            },
            { key: 'y', label: t('assistance.payee'), children: e.payee_name },
            {
              key: 'b',
              label: t('assistance.account'),
              children: e.account_masked ? (
                <span data-testid="account">
                  {`${e.bank_name ?? ''} ${e.account_masked} `}
                  {e.account_verified_at ? (
                    <Tag color="green">
                      {t('assistance.verifiedBy', {
                        against: t(`assistance.againstKinds.${e.account_verified_against ?? 'staffEntry'}`),
                        who: e.accountVerifiedByName ?? '',
                        at: shanghaiDateTime(e.account_verified_at),
                      })}
                    </Tag>
                  ) : (
                    <Tag color="orange">{t('assistance.unverified')}</Tag>
                  )}
                </span>
              ) : (
                <Tag color="red">{t('assistance.noAccount')}</Tag>
              ),
            },
            { key: 'v', label: t('assistance.ruleVersion'), children: e.rule_version_id },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('assistance.ledger')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={e.ledger}
              data-testid="ledger"
              locale={{ emptyText: t('common.none') }}
              columns={[
                { title: t('assistance.period'), dataIndex: 'period', render: (p: string) => p.slice(0, 7) },
                {
                  title: t('assistance.amount'),
                  dataIndex: 'amount_fen',
                  align: 'right',
                  render: (v: number) => yuan(v),
                },
                {
                  title: t('inbox.status'),
                  dataIndex: 'status',
                  render: (s: string, r) => (
                    <>
                      <Tag color={PAYMENT_COLORS[s]}>{t(`assistance.payment.${s}`)}</Tag>
                      {r.failure_reason ?? ''}
                    </>
                  ),
                },
                { title: t('assistance.reference'), dataIndex: 'reference' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <WorkRecordsCard persons={e.members.filter((m) => m.active)} />
            <Card size="small" title={t('assistance.members')}>
              <List
                size="small"
                dataSource={e.members}
                renderItem={(m) => (
                  <List.Item>
                    {m.name} {m.id_number_masked} {!m.active && <Tag>{t('assistance.left')}</Tag>}
                  </List.Item>
                )}
              />
            </Card>
            {e.computation.explanation && (
              <Card size="small" title={t('assistance.explanation')}>
                <List
                  size="small"
                  dataSource={e.computation.explanation}
                  renderItem={(l) => <List.Item>{l}</List.Item>}
                />
              </Card>
            )}
            <Card size="small" title={t('assistance.changes')}>
              <List
                size="small"
                dataSource={e.changes}
                data-testid="changes"
                renderItem={(c) => (
                  <List.Item
                    extra={
                      c.document_id && (
                        <a
                          href={urlOf(cases.documentPdf, { params: { id: c.document_id } })}
                          target="_blank"
                          rel="noreferrer"
                        >
                          {t('cases.docPreview')}
                        </a>
                      )
                    }
                  >
                    <b>{t(`assistance.kinds.${c.kind}`)}</b> · {c.effective_month.slice(0, 7)} ·{' '}
                    {yuan(c.amount_before_fen)} → {yuan(c.amount_after_fen)} · {c.reason} · {c.actor_name}{' '}
                    {shanghaiDateTime(c.at)}
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {dialog === 'account' && <AccountDialog e={e} onDone={done} onCancel={() => setDialog(undefined)} />}
      {dialog === 'change' && <ChangeDialog e={e} onDone={done} onCancel={() => setDialog(undefined)} />}
      {dialog === 'verify' && <VerifyAccountDialog e={e} onDone={done} onCancel={() => setDialog(undefined)} />}
    </Space>
  );
}

function AccountDialog({ e, onDone, onCancel }: { e: Entitlement; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const submit = (v: { bankName: string; account: string }) =>
    run(async () => {
      await call(assistance.changeAccount, { params: { id: e.id }, body: { ...v, expectedVersion: e.version } });
      message.success(t('common.saved'));
      onDone();
    });
  return (
    <Modal open title={t('assistance.changeAccount')} footer={null} onCancel={onCancel} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="bankName"
          label={t('assistance.bank')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="account"
          label={t('assistance.accountNumber')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input inputMode="numeric" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Modal>
  );
}

/** 核对收款账户: the clerk holds the payee's own card or passbook and types its number again; a different number is refused beside the field. */
function VerifyAccountDialog({ e, onDone, onCancel }: { e: Entitlement; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const submit = (v: Omit<BodyOf<typeof assistance.verifyAccount>, 'expectedVersion'>) =>
    run(async () => {
      await call(assistance.verifyAccount, { params: { id: e.id }, body: { ...v, expectedVersion: e.version } });
      message.success(t('assistance.verified'));
      onDone();
    });
  return (
    <Modal open title={t('assistance.verifyAccount')} footer={null} onCancel={onCancel} destroyOnHidden>
      <Alert
        type="info"
        showIcon
        title={t('assistance.verifyHint', { payee: e.payee_name })}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" initialValues={{ against: 'bankCard' }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="against"
          label={t('assistance.against')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={['bankCard', 'passbook'].map((k) => ({ value: k, label: t(`assistance.againstKinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="account"
          label={t('assistance.accountFromCard')}
          extra={`${e.bank_name ?? ''} ${e.account_masked ?? ''}`}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

function ChangeDialog({ e, onDone, onCancel }: { e: Entitlement; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const kind = Form.useWatch('kind', form) as string | undefined;
  const kinds = e.status === 'suspended' ? ['resume', 'terminate'] : ['increase', 'decrease', 'suspend', 'terminate'];
  const submit = (v: { kind: ChangeKind; amountYuan?: number; reason: string }) =>
    run(async () => {
      const r = await call(assistance.change, {
        params: { id: e.id },
        body: {
          kind: v.kind,
          reason: v.reason,
          expectedVersion: e.version,
          ...(v.amountYuan !== undefined ? { amountFen: fenOfYuan(v.amountYuan) } : {}),
        },
      });
      message.success(t('assistance.changed', { month: r.effectiveMonth.slice(0, 7) }));
      onDone();
    });
  return (
    <Modal open title={t('assistance.change')} footer={null} onCancel={onCancel} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="kind" label={t('assistance.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`assistance.kinds.${k}`) }))} />
        </Form.Item>
        {(kind === 'increase' || kind === 'decrease') && (
          <Form.Item
            name="amountYuan"
            label={t('assistance.newAmount')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
