import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Table, Tabs, Tag, Timeline } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BodyOf, complaints, disputes, meetings, type ResponseOf } from '@grassroots/contracts';
import { call, urlOf } from '../../../shared/client.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { useMe } from '../../session.ts';
import { MeetingsPanel } from './MeetingsPanel.tsx';

type Row = ResponseOf<typeof disputes.list>[number];
type DisputeBody = BodyOf<typeof disputes.record>;
type AttemptBody = BodyOf<typeof disputes.addAttempt>;

/** 矛盾纠纷与联席会议: disputes with their whole history (attempts, agreements, follow-up), and the four-party meetings owed and held. */
export function DisputesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [open, setOpen] = useState<string>();
  const list = useQuery({ queryKey: ['disputes'], queryFn: () => call(disputes.list, { query: {} }) });
  const detail = useQuery({
    queryKey: ['dispute', open],
    enabled: !!open,
    queryFn: () => call(disputes.history, { params: { id: open! } }),
  });
  const owed = useQuery({ queryKey: ['meetings-owed'], queryFn: () => call(meetings.owed) });
  const { run: save } = useServerErrors();
  const run = (f: () => Promise<unknown>) =>
    save(async () => {
      await f();
      message.success(t('common.saved'));
      void list.refetch();
      // refetch() ignores `enabled`: with no dispute open it would ask for /disputes/undefined
      if (open) void detail.refetch();
      void owed.refetch();
    });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('disputes.title')}</h1>}>
      <Tabs
        items={[
          {
            key: 'disputes',
            label: t('disputes.list'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <NewDispute
                  divisionCode={me?.divisionCode ?? ''}
                  onSave={(body) => void run(() => call(disputes.record, { body }))}
                />
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={list.data ?? []}
                  pagination={{ pageSize: 30 }}
                  data-testid="disputes"
                  columns={[
                    {
                      title: t('disputes.number'),
                      dataIndex: 'number',
                      render: (n: string, r: Row) => <a onClick={() => setOpen(r.id)}>{n}</a>,
                    },
                    { title: t('disputes.titleCol'), dataIndex: 'title' },
                    { title: t('disputes.division'), dataIndex: 'division' },
                    { title: t('disputes.attempts'), dataIndex: 'attempts' },
                    {
                      title: t('inbox.status'),
                      render: (_: unknown, r: Row) => (
                        <Space>
                          <Tag>{t(`disputes.statuses.${r.status}`)}</Tag>
                          {r.flagged && <Tag color="red">{t(`disputes.flags.${r.flagged}`)}</Tag>}
                        </Space>
                      ),
                    },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'meetings',
            label: t('disputes.meetings'),
            children: <MeetingsPanel divisionCode={me?.divisionCode ?? ''} owed={owed.data} run={run} />,
          },
        ]}
      />
      <Drawer
        open={!!open}
        width={720}
        onClose={() => setOpen(undefined)}
        title={detail.data ? `${detail.data.number} ${detail.data.title}` : ''}
      >
        {detail.data && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <div>{detail.data.parties.map((p) => `${p.name}${p.role ? `（${p.role}）` : ''}`).join(' / ')}</div>
            <div>{detail.data.facts}</div>
            {detail.data.flagged && (
              <Tag color="red">
                {t(`disputes.flags.${detail.data.flagged}`)}（{t('disputes.failed', { n: detail.data.failedAttempts })}
                ）
              </Tag>
            )}
            <Timeline
              data-testid="dispute-history"
              items={detail.data.attempts.map((a) => ({
                key: a.id,
                children: (
                  <div>
                    <b>
                      {a.onDate} {a.kindLabel}
                      {a.level ? `（${t(`disputes.levels.${a.level}`)}）` : ''}
                    </b>{' '}
                    · {a.organ} · {a.mediator} · {t(`disputes.results.${a.result}`)} · {a.disputeNumber}
                    {a.agreement && <div>{a.agreement}</div>}
                    {a.documentId && (
                      <a href={urlOf(disputes.agreementPdf, { params: { id: a.id } })} target="_blank" rel="noreferrer">
                        {t('disputes.agreementPdf')}
                      </a>
                    )}
                    {a.confirmationDue && <div>{t('disputes.confirmationDue', { date: a.confirmationDue })}</div>}
                    {a.performance === 'pending' && (
                      <Space>
                        <Button
                          size="small"
                          onClick={() =>
                            void run(() =>
                              call(disputes.followUp, {
                                params: { id: a.id },
                                body: { performance: 'performed', note: t('disputes.performed') },
                              }),
                            )
                          }
                        >
                          {t('disputes.performed')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          onClick={() =>
                            void run(() =>
                              call(disputes.followUp, {
                                params: { id: a.id },
                                body: { performance: 'breached', note: t('disputes.breached') },
                              }),
                            )
                          }
                        >
                          {t('disputes.breached')}
                        </Button>
                      </Space>
                    )}
                  </div>
                ),
              }))}
            />
            <AttemptForm
              today={me?.today}
              onSave={(body) => void run(() => call(disputes.addAttempt, { params: { id: open! }, body }))}
            />
          </Space>
        )}
      </Drawer>
    </Card>
  );
}

function AttemptForm({ today, onSave }: { today: string | undefined; onSave: (body: AttemptBody) => void }) {
  const { t } = useTranslation();
  return (
    <Form
      layout="vertical"
      initialValues={{ kind: 'peoplesMediation', level: 'community', result: 'notAgreed' }}
      onFinish={(v: {
        kind: AttemptBody['kind'];
        level?: AttemptBody['level'];
        organ: string;
        mediator: string;
        on: Dayjs;
        result: AttemptBody['result'];
        agreement?: string;
      }) =>
        onSave({
          kind: v.kind,
          ...(v.kind === 'peoplesMediation' ? { level: v.level } : {}),
          organ: v.organ,
          mediator: v.mediator,
          onDate: v.on.format('YYYY-MM-DD'),
          result: v.result,
          ...(v.agreement ? { agreement: v.agreement } : {}),
        })
      }
    >
      <Space wrap>
        <Form.Item name="kind" label={t('disputes.kind')}>
          <Select
            style={{ width: 160 }}
            options={['peoplesMediation', 'administrativeMediation', 'arbitration', 'litigation'].map((k) => ({
              value: k,
              label: t(`disputes.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('disputes.level')}>
          <Select
            style={{ width: 140 }}
            options={['city', 'district', 'subdistrict', 'community'].map((k) => ({
              value: k,
              label: t(`disputes.levels.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="on" label={t('disputes.onDate')} rules={[{ required: true }]} initialValue={dayjs(today)}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="organ" label={t('disputes.organ')} rules={[{ required: true }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="mediator" label={t('disputes.mediator')} rules={[{ required: true }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="result" label={t('disputes.result')}>
          <Select
            style={{ width: 140 }}
            options={['agreed', 'notAgreed', 'withdrawn', 'awarded', 'judged'].map((k) => ({
              value: k,
              label: t(`disputes.results.${k}`),
            }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="agreement" label={t('disputes.agreement')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button htmlType="submit" type="primary">
        {t('disputes.addAttempt')}
      </Button>
    </Form>
  );
}

/** 登记纠纷 in the worker's own community: two parties or more, the facts, the category. */
function NewDispute({ divisionCode, onSave }: { divisionCode: string; onSave: (body: DisputeBody) => void }) {
  const { t } = useTranslation();
  const categories = useQuery({
    queryKey: ['complaint-categories'],
    queryFn: () => call(complaints.categories),
  });
  if (divisionCode.length !== 12) return null;
  return (
    <Form
      layout="inline"
      data-testid="new-dispute"
      onFinish={(v: { title: string; categoryCode: string; partyA: string; partyB: string; facts: string }) =>
        onSave({
          title: v.title,
          categoryCode: v.categoryCode,
          divisionCode,
          facts: v.facts,
          parties: [v.partyA, v.partyB].map((name) => ({
            kind: /公司|委员会|物业/.test(name) ? ('organisation' as const) : ('person' as const),
            name,
          })),
        })
      }
    >
      <Form.Item name="title" label={t('disputes.titleCol')} rules={[{ required: true }]}>
        <Input style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="categoryCode" label={t('complaints.category')} rules={[{ required: true }]}>
        <Select
          style={{ width: 180 }}
          showSearch
          optionFilterProp="label"
          options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
        />
      </Form.Item>
      <Form.Item name="partyA" label={t('disputes.partyA')} rules={[{ required: true }]}>
        <Input style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="partyB" label={t('disputes.partyB')} rules={[{ required: true }]}>
        <Input style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="facts" label={t('disputes.facts')} rules={[{ required: true, min: 5 }]}>
        <Input style={{ width: 260 }} />
      </Form.Item>
      <Button htmlType="submit">{t('disputes.record')}</Button>
    </Form>
  );
}
