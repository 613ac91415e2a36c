import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.ts';
import { useServerErrors } from '../../useServerErrors.ts';

export function AccountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const submit = (v: { currentPassword: string; newPassword: string }) => run(async () => {
    await api.post('/api/v1/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
    form.resetFields();
    message.success(t('account.done'));
  });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('account.title')}</h1>} style={{ maxWidth: 520 }}>
      <Typography.Paragraph type="secondary">{t('account.policy')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t('account.current')} name="currentPassword" rules={[{ required: true, message: t('common.required') }]}><Input.Password autoComplete="current-password" /></Form.Item>
        <Form.Item label={t('account.next')} name="newPassword" rules={[{ required: true, message: t('common.required') }]}><Input.Password autoComplete="new-password" /></Form.Item>
        <Form.Item label={t('account.repeat')} name="repeat" dependencies={['newPassword']}
          rules={[{ required: true, message: t('common.required') }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch')))) })]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
