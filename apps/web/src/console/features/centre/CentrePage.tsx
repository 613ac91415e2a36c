import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centre, publications, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { useCan, useMe } from '../../session.ts';

type Booking = ResponseOf<typeof centre.appointments>[number];
type Consultant = ResponseOf<typeof publications.consultants>[number];

const TIMES = [
  { startsAt: '09:00', endsAt: '10:00' },
  { startsAt: '10:00', endsAt: '11:00' },
  { startsAt: '15:00', endsAt: '16:00' },
  { startsAt: '16:00', endsAt: '17:00' },
];

/** The centre: the day's bookings and home visits, slots and peak days (放号), village consultants and the printed card, board and handbook. */
export function CentrePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const can = useCan();
  const centreId = me?.departmentId ?? '';
  const [day, setDay] = useState<Dayjs>(() => dayjs(me?.today));
  const bookings = useQuery({
    queryKey: ['bookings', centreId, day.format('YYYY-MM-DD')],
    enabled: !!centreId && can('centre.serve'),
    queryFn: () => call(centre.appointments, { query: { departmentId: centreId, day: day.format('YYYY-MM-DD') } }),
  });
  const township = me?.divisionCode ?? '';
  const consultants = useQuery({
    queryKey: ['consultants', township],
    enabled: !!township,
    queryFn: () => call(publications.consultants, { query: { township } }),
  });
  const run = async (f: () => Promise<unknown>, ok: (r: never) => string) => {
    try {
      const r = await f();
      message.success(ok(r as never));
      void bookings.refetch();
      void consultants.refetch();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    }
  };
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('centre.title')}</h1>}>
      <Tabs
        items={[
          {
            key: 'bookings',
            label: t('centre.bookings'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <DatePicker value={day} allowClear={false} onChange={(d) => d && setDay(d)} />
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={bookings.data ?? []}
                  pagination={false}
                  data-testid="bookings"
                  columns={[
                    {
                      title: t('centre.time'),
                      render: (_: unknown, b: Booking) =>
                        b.kind === 'homeVisit' ? (
                          <Tag color="purple">{t('centre.homeVisit')}</Tag>
                        ) : (
                          `${b.startsAt}-${b.endsAt}`
                        ),
                    },
                    { title: t('centre.reference'), dataIndex: 'reference' },
                    { title: t('centre.applicant'), render: (_: unknown, b: Booking) => `${b.name} ${b.phone}` },
                    { title: t('centre.item'), dataIndex: 'itemName' },
                    {
                      title: t('centre.window'),
                      render: (_: unknown, b: Booking) =>
                        b.windowName ?? [b.address, b.reason].filter(Boolean).join(' · '),
                    },
                    {
                      title: t('inbox.status'),
                      dataIndex: 'status',
                      render: (s: string) => <Tag>{t(`centre.bookingStatus.${s}`)}</Tag>,
                    },
                    {
                      title: t('common.actions'),
                      render: (_: unknown, b: Booking) =>
                        b.kind === 'homeVisit' &&
                        b.status === 'booked' && (
                          <Space>
                            {!b.visitStaff && (
                              <Button
                                size="small"
                                onClick={() =>
                                  void run(
                                    () => call(centre.homeVisit, { params: { id: b.id }, body: { staffId: me!.id } }),
                                    () => t('common.saved'),
                                  )
                                }
                              >
                                {t('centre.takeVisit')}
                              </Button>
                            )}
                            <Button
                              size="small"
                              onClick={() =>
                                void run(
                                  () => call(centre.homeVisit, { params: { id: b.id }, body: { done: true } }),
                                  () => t('common.saved'),
                                )
                              }
                            >
                              {t('centre.visitDone')}
                            </Button>
                          </Space>
                        ),
                    },
                  ]}
                />
              </Space>
            ),
          },
          ...(can('centre.manage')
            ? [
                {
                  key: 'slots',
                  label: t('centre.slots'),
                  children: (
                    <Space direction="vertical" size="large">
                      <Form
                        layout="inline"
                        onFinish={(v: { range: [Dayjs, Dayjs]; capacity: number }) =>
                          void run(
                            () =>
                              call(centre.generateSlots, {
                                body: {
                                  departmentId: centreId,
                                  from: v.range[0].format('YYYY-MM-DD'),
                                  to: v.range[1].format('YYYY-MM-DD'),
                                  times: TIMES.map((x) => ({ ...x, capacity: v.capacity })),
                                },
                              }),
                            (r: ResponseOf<typeof centre.generateSlots>) => t('centre.slotsMade', r),
                          )
                        }
                      >
                        <Form.Item name="range" label={t('centre.range')} rules={[{ required: true }]}>
                          <DatePicker.RangePicker />
                        </Form.Item>
                        <Form.Item
                          name="capacity"
                          label={t('centre.capacity')}
                          initialValue={4}
                          rules={[{ required: true }]}
                        >
                          <InputNumber min={1} max={500} />
                        </Form.Item>
                        <Button htmlType="submit" type="primary">
                          {t('centre.makeSlots')}
                        </Button>
                      </Form>
                      <Form
                        layout="inline"
                        onFinish={(v: { day: Dayjs; extra: number; reason: string }) =>
                          void run(
                            () =>
                              call(centre.peakDay, {
                                body: {
                                  departmentId: centreId,
                                  day: v.day.format('YYYY-MM-DD'),
                                  extraCapacity: v.extra,
                                  reason: v.reason,
                                },
                              }),
                            () => t('common.saved'),
                          )
                        }
                      >
                        <Form.Item name="day" label={t('centre.peakDay')} rules={[{ required: true }]}>
                          <DatePicker />
                        </Form.Item>
                        <Form.Item name="extra" label={t('centre.extra')} rules={[{ required: true }]}>
                          <InputNumber min={1} max={500} />
                        </Form.Item>
                        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true }]}>
                          <Input maxLength={200} />
                        </Form.Item>
                        <Button htmlType="submit">{t('common.save')}</Button>
                      </Form>
                    </Space>
                  ),
                },
              ]
            : []),
          {
            key: 'print',
            label: t('centre.print'),
            children: (
              <Table
                rowKey="code"
                size="small"
                dataSource={consultants.data ?? []}
                pagination={false}
                data-testid="consultants"
                title={() => (
                  <a
                    href={urlOf(publications.handbook, { query: { county: township.slice(0, 6) } })}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t('centre.handbook')}
                  </a>
                )}
                columns={[
                  { title: t('centre.village'), dataIndex: 'name' },
                  {
                    title: t('centre.consultant'),
                    render: (_: unknown, c: Consultant) => (c.consultant ? `${c.consultant} ${c.phone}` : '—'),
                  },
                  {
                    title: t('centre.printables'),
                    render: (_: unknown, c: Consultant) => (
                      <Space>
                        <a
                          href={urlOf(publications.card, { query: { village: c.code } })}
                          target="_blank"
                          rel="noreferrer"
                        >
                          {t('centre.card')}
                        </a>
                        <a
                          href={urlOf(publications.board, { query: { village: c.code } })}
                          target="_blank"
                          rel="noreferrer"
                        >
                          {t('centre.board')}
                        </a>
                      </Space>
                    ),
                  },
                  ...(can('centre.manage')
                    ? [
                        {
                          title: t('common.actions'),
                          render: (_: unknown, c: Consultant) => (
                            <ConsultantEdit
                              village={c}
                              onSave={(name, phone) =>
                                void run(
                                  () =>
                                    call(publications.setConsultant, {
                                      params: { divisionCode: c.code },
                                      body: { name, phone },
                                    }),
                                  () => t('common.saved'),
                                )
                              }
                            />
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

function ConsultantEdit({ village, onSave }: { village: Consultant; onSave: (name: string, phone: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(village.consultant ?? '');
  const [phone, setPhone] = useState(village.phone ?? '');
  return (
    <Space.Compact>
      <Input
        style={{ width: 100 }}
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-label={t('centre.consultant')}
      />
      <Input
        style={{ width: 140 }}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        aria-label={t('centre.phone')}
      />
      <Button onClick={() => onSave(name, phone)}>{t('common.save')}</Button>
    </Space.Compact>
  );
}
