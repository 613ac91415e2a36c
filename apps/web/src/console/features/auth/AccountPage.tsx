import { App, Button, Card, Form, Input, QRCode, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auth, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useServerErrors } from '../../useServerErrors.ts';

export function AccountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const submit = (v: { currentPassword: string; newPassword: string }) =>
    run(async () => {
      await call(auth.changePassword, {
        body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
      });
      form.resetFields();
      message.success(t('account.done'));
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('account.title')}</h1>} style={{ maxWidth: 520 }}>
        <Typography.Paragraph type="secondary">{t('account.policy')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            label={t('account.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('account.next')}
            name="newPassword"
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('account.repeat')}
            name="repeat"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('common.required') },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('account.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <RebindTotp />
    </Space>
  );
}

/**
 * Binding a new authenticator (a new phone): the server asks for the password and the current code
 * again, so a session left open on a desk cannot move the second factor to someone else's phone.
 */
function RebindTotp() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [confirmForm] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const confirming = useServerErrors(confirmForm);
  const [pending, setPending] = useState<ResponseOf<typeof auth.beginTotp>>();
  const begin = (v: { currentPassword: string; code?: string }) =>
    run(async () => {
      setPending(
        await call(auth.beginTotp, {
          body: { currentPassword: v.currentPassword, ...(v.code?.trim() ? { code: v.code.trim() } : {}) },
        }),
      );
      form.resetFields();
    });
  const confirm = (v: { code: string }) =>
    confirming.run(async () => {
      await call(auth.confirmTotp, { body: { code: v.code.trim() } });
      setPending(undefined);
      confirmForm.resetFields();
      message.success(t('account.totpDone'));
    });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('account.totpTitle')}</h2>} style={{ maxWidth: 520 }}>
      <Typography.Paragraph type="secondary">{t('account.totpHint')}</Typography.Paragraph>
      {!pending ? (
        <Form form={form} layout="vertical" onFinish={begin}>
          <Form.Item
            label={t('account.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('account.totpCurrent')}
            name="code"
            rules={[{ pattern: /^\d{6}$/, message: t('login.totpHint') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('account.totpBegin')}
          </Button>
        </Form>
      ) : (
        <Form form={confirmForm} layout="vertical" onFinish={confirm}>
          <Space align="start">
            <QRCode value={pending.uri} size={140} />
            <div>
              <Typography.Text type="secondary">{t('login.secret')}</Typography.Text>
              <br />
              <Typography.Text code copyable>
                {pending.secret}
              </Typography.Text>
            </div>
          </Space>
          <Form.Item
            label={t('account.totpNew')}
            name="code"
            style={{ marginTop: 16 }}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpHint') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={confirming.busy}>
            {t('account.totpConfirm')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
