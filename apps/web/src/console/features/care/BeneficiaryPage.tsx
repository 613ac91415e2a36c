import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Spin,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { care, CareRecordKind } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import { useCan, useMe } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { WorkRecordsCard } from '../assistance/WorkRecordsCard.tsx';

const KINDS = CareRecordKind.options;

/** One beneficiary: the services and health file, the monthly visits owed and done, the pairing. */
export function BeneficiaryPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const can = useCan();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [record] = Form.useForm();
  const [pairing] = Form.useForm();
  const recording = useServerErrors(record);
  const pairing$ = useServerErrors(pairing);
  const {
    data: b,
    error,
    isLoading,
    refetch,
  } = useQuery({ queryKey: ['care', id], queryFn: () => call(care.get, { params: { id } }) });
  if (isLoading) return <Spin />;
  if (error || !b)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.text(i18n.language) : t('common.unknownError')}
      />
    );
  const addRecord = (v: { kind: CareRecordKind; onDate: dayjs.Dayjs; notes: string; problemSolved?: string }) =>
    recording.run(async () => {
      await call(care.addRecord, { params: { id }, body: { ...v, onDate: v.onDate.format('YYYY-MM-DD') } });
      message.success(t('common.saved'));
      record.resetFields();
      void refetch();
    });
  const addPairing = (v: {
    time: string;
    content: string;
    plan: string;
    goal: string;
    effect: string;
    problemSolved?: string;
  }) =>
    pairing$.run(async () => {
      const { problemSolved, ...plan } = v;
      await call(care.addPairing, {
        params: { id },
        body: { cadreId: me!.id, plan, ...(problemSolved ? { problemSolved } : {}) },
      });
      message.success(t('common.saved'));
      pairing.resetFields();
      void refetch();
    });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {b.name} <Tag>{b.category}</Tag>
            {b.working_away && <Tag>{t('care.workingAway')}</Tag>}
          </h1>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'i', label: t('people.idNumber'), children: b.id_number_masked },
            { key: 'h', label: t('people.household'), children: b.householdNumber },
            { key: 's', label: t('care.since'), children: b.since },
            { key: 'p', label: t('people.phone'), children: b.contact_phone_masked ?? '—' },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          {can('care.record') && (
            <Card size="small" title={t('care.addRecord')} style={{ marginBottom: 16 }}>
              <Form
                form={record}
                layout="vertical"
                initialValues={{ kind: 'visit', onDate: dayjs() }}
                onFinish={(v) => void addRecord(v)}
                data-testid="care-record-form"
              >
                <Form.Item name="kind" label={t('care.kind')}>
                  <Select options={KINDS.map((k) => ({ value: k, label: t(`care.kinds.${k}`) }))} />
                </Form.Item>
                <Form.Item name="onDate" label={t('care.onDate')}>
                  <DatePicker aria-label={t('care.onDate')} />
                </Form.Item>
                <Form.Item
                  name="notes"
                  label={t('care.notes')}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <Input.TextArea rows={3} aria-label={t('care.notes')} />
                </Form.Item>
                <Form.Item name="problemSolved" label={t('care.problemSolved')}>
                  <Input />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={recording.busy}>
                  {t('common.save')}
                </Button>
              </Form>
            </Card>
          )}
          <Card size="small" title={t('care.records')}>
            <List
              size="small"
              dataSource={b.records}
              data-testid="care-records"
              renderItem={(r) => (
                <List.Item>
                  <b>{t(`care.kinds.${r.kind}`)}</b> · {r.on_date} · {r.notes}
                  {r.problem_solved ? ` · ${t('care.problemSolved')}：${r.problem_solved}` : ''} · {r.recorded_by_name}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('care.visits')} style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={b.tasks}
              renderItem={(k) => (
                <List.Item>
                  {k.month.slice(0, 7)} · {k.visit_on} ·{' '}
                  {k.record_id ? (
                    <Tag color="green">{t('care.visited')}</Tag>
                  ) : (
                    <Tag color="orange">{t('care.owed')}</Tag>
                  )}
                </List.Item>
              )}
            />
          </Card>
          <div style={{ marginBottom: 16 }}>
            <WorkRecordsCard persons={[{ id: b.person_id, name: b.name }]} />
          </div>
          <Card size="small" title={t('care.pairing')}>
            <List
              size="small"
              dataSource={b.pairings}
              renderItem={(p) => (
                <List.Item>
                  {p.cadre}：
                  {(['time', 'content', 'plan', 'goal', 'effect'] as const)
                    .map((k) => `${t(`care.plan.${k}`)} ${p.plan[k]}`)
                    .join('；')}
                  {p.problem_solved ? `；${t('care.problemSolved')} ${p.problem_solved}` : ''}
                </List.Item>
              )}
            />
            {can('assistance.manage') && (
              <Form form={pairing} layout="vertical" onFinish={(v) => void addPairing(v)} style={{ marginTop: 8 }}>
                {(['time', 'content', 'plan', 'goal', 'effect'] as const).map((k) => (
                  <Form.Item
                    key={k}
                    name={k}
                    label={t(`care.plan.${k}`)}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <Input />
                  </Form.Item>
                ))}
                <Form.Item name="problemSolved" label={t('care.problemSolved')}>
                  <Input />
                </Form.Item>
                <Button htmlType="submit" loading={pairing$.busy}>
                  {t('care.pairMe')}
                </Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
