import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { admin } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useDepartments } from '../../caseTypes.ts';
import { useServerErrors } from '../../useServerErrors.ts';

/** A new account in a department with a first password under the policy; roles are granted afterwards. */
export function NewUserModal({ onClose }: { onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: departments } = useDepartments();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const submit = (v: { username: string; displayName: string; departmentCode: string; password: string }) =>
    run(async () => {
      await call(admin.createUser, { body: { ...v, roles: [] } });
      message.success(t('common.saved'));
      onClose(true);
    });
  return (
    <Modal open title={t('admin.newUser')} footer={null} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="username"
          label={t('admin.username')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('admin.displayName')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="departmentCode"
          label={t('header.department')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={(departments ?? []).map((d) => ({ value: d.code, label: d.name }))}
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('admin.firstPassword')}
          extra={t('account.policy')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Modal>
  );
}
