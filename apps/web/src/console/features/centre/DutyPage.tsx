import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cases, duty, DutyLogKind, publications, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { useCan, useMe } from '../../session.ts';

type RotaDay = ResponseOf<typeof duty.rota>[number];

/** 值日: the month's rota (make, swap, export to a calendar) and a day's duty log (write, print). */
export function DutyPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const { data: me } = useMe();
  const dept = me?.departmentId ?? '';
  const [month, setMonth] = useState<Dayjs>(() => dayjs(me?.today));
  const [day, setDay] = useState<Dayjs>(() => dayjs(me?.today));
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const range = { query: { departmentId: dept, from, to } };
  const logDay = { query: { departmentId: dept, day: day.format('YYYY-MM-DD') } };
  const rota = useQuery({
    queryKey: ['rota', dept, from],
    enabled: !!dept,
    queryFn: () => call(duty.rota, range),
  });
  const log = useQuery({
    queryKey: ['duty-log', dept, day.format('YYYY-MM-DD')],
    enabled: !!dept,
    queryFn: () => call(duty.log, logDay),
  });
  const members = useQuery({
    queryKey: ['members', dept],
    enabled: !!dept && can('centre.manage'),
    queryFn: () => call(cases.members, { params: { id: dept! } }),
  });
  const villages = useQuery({
    queryKey: ['consultants', me?.divisionCode],
    enabled: !!me,
    queryFn: () => call(publications.consultants, { query: { township: me!.divisionCode } }),
  });
  const [swap, setSwap] = useState<string[]>([]);
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      message.success(t('common.saved'));
      void rota.refetch();
      void log.refetch();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    }
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card
          title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('duty.rota')}</h1>}
          extra={
            <Space>
              <DatePicker picker="month" value={month} allowClear={false} onChange={(m) => m && setMonth(m)} />
              <a href={urlOf(duty.rotaIcs, range)}>{t('duty.ics')}</a>
              <a href={urlOf(duty.rotaPdf, range)} target="_blank" rel="noreferrer">
                PDF
              </a>
            </Space>
          }
        >
          {can('centre.manage') && (
            <Form
              layout="vertical"
              onFinish={(v: { leaderIds: string[]; workingDaysOnly: boolean }) =>
                void run(() =>
                  call(duty.generate, {
                    body: {
                      departmentId: dept,
                      from,
                      to,
                      leaderIds: v.leaderIds,
                      workingDaysOnly: !!v.workingDaysOnly,
                    },
                  }),
                )
              }
            >
              <Form.Item name="leaderIds" label={t('duty.leaders')} rules={[{ required: true }]}>
                <Select
                  mode="multiple"
                  options={(members.data ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
                />
              </Form.Item>
              <Form.Item name="workingDaysOnly" label={t('duty.workingDaysOnly')}>
                <Select
                  options={[
                    { value: false, label: t('common.no') },
                    { value: true, label: t('common.yes') },
                  ]}
                />
              </Form.Item>
              <Button htmlType="submit">{t('duty.generate')}</Button>
            </Form>
          )}
          <Table
            rowKey="day"
            size="small"
            pagination={false}
            dataSource={rota.data ?? []}
            style={{ marginTop: 12 }}
            rowSelection={
              can('centre.manage')
                ? { selectedRowKeys: swap, onChange: (k) => setSwap((k as string[]).slice(-2)) }
                : undefined
            }
            onRow={(r) => ({ onClick: () => setDay(dayjs(r.day)) })}
            columns={[
              { title: t('duty.day'), dataIndex: 'day' },
              {
                title: t('duty.leader'),
                render: (_: unknown, r: RotaDay) => (
                  <>
                    {r.leader}
                    {r.swapped && <Tag style={{ marginLeft: 8 }}>{t('duty.swapped')}</Tag>}
                  </>
                ),
              },
            ]}
          />
          {can('centre.manage') && (
            <Button
              style={{ marginTop: 8 }}
              disabled={swap.length !== 2}
              onClick={() =>
                void run(async () => {
                  await call(duty.swap, { body: { departmentId: dept, dayA: swap[0]!, dayB: swap[1]! } });
                  setSwap([]);
                })
              }
            >
              {t('duty.swap')}
            </Button>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={`${t('duty.log')} ${day.format('YYYY-MM-DD')}${log.data?.leader ? ` · ${log.data.leader}` : ''}`}
          extra={
            <Space>
              <DatePicker value={day} allowClear={false} onChange={(d) => d && setDay(d)} />
              <a href={urlOf(duty.logPdf, logDay)} target="_blank" rel="noreferrer">
                {t('duty.print')}
              </a>
            </Space>
          }
        >
          <List
            dataSource={log.data?.entries ?? []}
            locale={{ emptyText: t('common.none') }}
            renderItem={(e) => (
              <List.Item>
                <Space direction="vertical">
                  <span>
                    <Tag>{t(`duty.kinds.${e.kind}`)}</Tag>
                    {e.atTime} {e.text}（{e.writtenBy}）
                  </span>
                  {e.kind === 'emergency' && (
                    <span>
                      {[
                        e.details.warning,
                        e.villagesNotifiedNames.length
                          ? `${t('duty.notified')}：${e.villagesNotifiedNames.join('、')}`
                          : '',
                        e.details.broadcasts !== undefined ? `${t('duty.broadcasts')} ${e.details.broadcasts}` : '',
                        e.details.inspections?.join('；'),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  )}
                </Space>
              </List.Item>
            )}
          />
          <Form
            layout="vertical"
            initialValues={{ kind: 'matter' }}
            onFinish={(v: {
              kind: DutyLogKind;
              at: Dayjs;
              text: string;
              warning?: string;
              villages?: string[];
              broadcasts?: number;
              inspections?: string;
            }) =>
              void run(() =>
                call(duty.addLog, {
                  body: {
                    ...logDay.query,
                    kind: v.kind,
                    atTime: v.at.format('HH:mm'),
                    text: v.text,
                    details:
                      v.kind === 'emergency'
                        ? {
                            ...(v.warning ? { warning: v.warning } : {}),
                            villagesNotified: v.villages ?? [],
                            ...(v.broadcasts !== undefined ? { broadcasts: v.broadcasts } : {}),
                            inspections: (v.inspections ?? '')
                              .split(/[；;\n]/)
                              .map((s) => s.trim())
                              .filter(Boolean),
                          }
                        : {},
                  },
                }),
              )
            }
          >
            <Space wrap>
              <Form.Item name="kind" label={t('duty.kind')}>
                <Select
                  style={{ width: 140 }}
                  options={DutyLogKind.options.map((k) => ({
                    value: k,
                    label: t(`duty.kinds.${k}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="at" label={t('duty.time')} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" />
              </Form.Item>
            </Space>
            <Form.Item name="text" label={t('duty.text')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
              {({ getFieldValue }) =>
                getFieldValue('kind') === 'emergency' && (
                  <>
                    <Form.Item name="warning" label={t('duty.warning')}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name="villages" label={t('duty.notified')}>
                      <Select
                        mode="multiple"
                        options={(villages.data ?? []).map((v) => ({ value: v.code, label: v.name }))}
                      />
                    </Form.Item>
                    <Form.Item name="broadcasts" label={t('duty.broadcasts')}>
                      <InputNumber min={0} max={1000} />
                    </Form.Item>
                    <Form.Item name="inspections" label={t('duty.inspections')}>
                      <Input.TextArea rows={2} />
                    </Form.Item>
                  </>
                )
              }
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
