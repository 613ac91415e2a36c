import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, List, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { assistance, WorkKind } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';

/** 公益劳动、就业培训推荐、培训、就业 of the persons of a household or of a veteran, and a form to add one. */
export function WorkRecordsCard({ persons }: { persons: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const kind = Form.useWatch('kind', form) as string | undefined;
  const { data, refetch } = useQuery({
    queryKey: ['work', persons.map((p) => p.id)],
    queryFn: async () =>
      (await Promise.all(persons.map((p) => call(assistance.workRecords, { query: { personId: p.id } }))))
        .flat()
        .sort((a, b) => b.on_date.localeCompare(a.on_date)),
  });
  const submit = (v: {
    personId: string;
    kind: WorkKind;
    onDate: dayjs.Dayjs;
    hours?: number;
    organisation?: string;
    notes: string;
    outcome?: string;
  }) =>
    run(async () => {
      await call(assistance.addWorkRecord, { body: { ...v, onDate: v.onDate.format('YYYY-MM-DD') } });
      message.success(t('common.saved'));
      form.resetFields(['notes', 'outcome', 'hours', 'organisation']);
      void refetch();
    });
  return (
    <Card size="small" title={t('work.title')}>
      <List
        size="small"
        dataSource={data ?? []}
        locale={{ emptyText: t('common.none') }}
        data-testid="work-records"
        renderItem={(w) => (
          <List.Item>
            {w.name} · <b>{t(`work.kinds.${w.kind}`)}</b> · {w.on_date}
            {w.hours ? ` · ${w.hours}h` : ''}
            {w.organisation ? ` · ${w.organisation}` : ''} · {w.notes}
            {w.outcome ? ` → ${w.outcome}` : ''}
          </List.Item>
        )}
      />
      {can('care.record') && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 8 }}
          initialValues={{ personId: persons[0]?.id, kind: 'publicWelfareLabour', onDate: dayjs() }}
          onFinish={(v) => void submit(v)}
        >
          <Space wrap>
            <Form.Item name="personId" label={t('people.name')}>
              <Select style={{ width: 140 }} options={persons.map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
            <Form.Item name="kind" label={t('work.kind')}>
              <Select
                style={{ width: 160 }}
                options={WorkKind.options.map((k) => ({ value: k, label: t(`work.kinds.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="onDate" label={t('care.onDate')}>
              <DatePicker />
            </Form.Item>
            {kind === 'publicWelfareLabour' ? (
              <Form.Item name="hours" label={t('work.hours')}>
                <InputNumber min={1} max={300} />
              </Form.Item>
            ) : (
              <Form.Item name="organisation" label={t('work.organisation')}>
                <Input />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="notes" label={t('care.notes')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="outcome" label={t('work.outcome')}>
            <Input />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
