import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Form, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { admin, type BodyOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useServerErrors } from '../../useServerErrors.ts';

/** The State Council's holiday notices by year; adding next year's is the yearly chore the product reminds about. */
export function CalendarPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const { data } = useQuery({ queryKey: ['calendar-years'], queryFn: () => call(admin.years) });
  const next = new Date().getFullYear() + 1;
  const missingNext = data && !data.some((y) => y.year === next);
  const provisionalNext = data?.some((y) => y.year === next && y.provisional);
  const load = (v: { notice: string }) =>
    run(async () => {
      // the file as it came: the server's schema says what is wrong with it, field by field
      let parsed: BodyOf<typeof admin.loadYear>;
      try {
        parsed = JSON.parse(v.notice) as BodyOf<typeof admin.loadYear>;
      } catch {
        form.setFields([{ name: 'notice', errors: ['JSON'] }]);
        return;
      }
      await call(admin.loadYear, { body: parsed });
      message.success(t('common.saved'));
      setAdding(false);
      await qc.invalidateQueries({ queryKey: ['calendar-years'] });
    });
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('admin.calendarTitle')}</h1>}
      extra={
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('admin.addYear')}
        </Button>
      }
    >
      {missingNext && (
        <Alert type="warning" showIcon title={t('admin.missingNext', { year: next })} style={{ marginBottom: 12 }} />
      )}
      {provisionalNext && (
        <Alert
          type="info"
          showIcon
          title={t('admin.provisionalNext', { year: next })}
          style={{ marginBottom: 12 }}
          data-testid="provisional-next"
        />
      )}
      <Collapse
        items={(data ?? []).map((y) => ({
          key: y.year,
          label: `${y.year} · ${y.notice_title}${y.notice_number ? `（${y.notice_number}）` : ''}`,
          children: (
            <div>
              {y.days.map((d) => (
                <Tag key={d.day} color={d.kind === 'holiday' ? 'red' : 'blue'} style={{ marginBottom: 4 }}>
                  {d.day} {d.name} {d.kind === 'holiday' ? t('admin.holiday') : t('admin.makeUp')}
                </Tag>
              ))}
            </div>
          ),
        }))}
      />
      <Modal
        open={adding}
        title={t('admin.addYear')}
        footer={null}
        onCancel={() => setAdding(false)}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" onFinish={load}>
          <Form.Item
            name="notice"
            label={t('admin.addYearHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={14} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
