import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { App, Button, Card, DatePicker, Input, Modal, Segmented, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EvaluationDimension, evaluation, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useCan, useMe } from '../../session.ts';

type Review = ResponseOf<typeof evaluation.list>[number];
type ResultRow = ResponseOf<typeof evaluation.results>[number];
type Appeal = ResponseOf<typeof evaluation.appeals>[number];
type ScorecardRow = ResponseOf<typeof evaluation.scorecards>[number];

const LEVELS = [5, 4, 3, 2, 1] as const;
const LEVEL_COLOR: Record<number, string> = { 5: 'green', 4: 'green', 3: 'blue', 2: 'orange', 1: 'red' };

/** 好差评: the reviews in reach (bad ones with their work orders, appeals), the results by dimension, and appeals to decide. */
export function EvaluationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const { data: me } = useMe();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(me?.today).startOf('month'), dayjs(me?.today)]);
  const [by, setBy] = useState<EvaluationDimension>('window');
  const [appealing, setAppealing] = useState<Review>();
  const [reason, setReason] = useState('');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const reviews = useQuery({
    queryKey: ['reviews', from, to],
    queryFn: () => call(evaluation.list, { query: { from, to } }),
  });
  const results = useQuery({
    queryKey: ['review-results', by, from, to],
    queryFn: () => call(evaluation.results, { query: { by, from, to } }),
  });
  const appeals = useQuery({
    queryKey: ['appeals'],
    enabled: can('evaluation.decide'),
    queryFn: () => call(evaluation.appeals),
  });
  const act = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      message.success(ok);
      void reviews.refetch();
      void results.refetch();
      void appeals.refetch();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    }
  };
  const level = (n: number) => <Tag color={LEVEL_COLOR[n]}>{t(`evaluation.levels.${n}`)}</Tag>;
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('evaluation.title')}</h1>}
      extra={
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && setRange([v[0]!, v[1]!])} />
      }
    >
      <Tabs
        items={[
          {
            key: 'reviews',
            label: t('evaluation.reviews'),
            children: (
              <Table
                rowKey="id"
                size="small"
                dataSource={reviews.data ?? []}
                data-testid="reviews"
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: t('evaluation.when'), dataIndex: 'createdAt', render: (v: string) => shanghaiDateTime(v) },
                  {
                    title: t('cases.number'),
                    dataIndex: 'caseNumber',
                    render: (v: string, r) => `${v} ${r.caseTitle}`,
                  },
                  {
                    title: t('evaluation.window'),
                    render: (_: unknown, r) => [r.department, r.windowName].filter(Boolean).join(' '),
                  },
                  { title: t('evaluation.staff'), dataIndex: 'staff' },
                  { title: t('evaluation.level'), dataIndex: 'level', render: level },
                  {
                    title: t('evaluation.channel'),
                    dataIndex: 'channel',
                    render: (c: string) => t(`evaluation.channels.${c}`),
                  },
                  { title: t('evaluation.comment'), dataIndex: 'comment' },
                  {
                    title: t('evaluation.rectification'),
                    render: (_: unknown, r) =>
                      r.rectificationCaseId && (
                        <Link to="/cases/$id" params={{ id: r.rectificationCaseId }}>
                          {r.rectificationNumber} ·{' '}
                          {t(`status.${r.rectificationStatus}`, { defaultValue: r.rectificationStatus ?? '' })}
                        </Link>
                      ),
                  },
                  {
                    title: t('evaluation.appeal'),
                    render: (_: unknown, r) =>
                      r.appealId ? (
                        <Tag>{t(`evaluation.appealStatus.${r.appealDecision ?? 'pending'}`)}</Tag>
                      ) : (
                        r.level <= 2 && (
                          <Button
                            size="small"
                            onClick={() => {
                              setAppealing(r);
                              setReason('');
                            }}
                          >
                            {t('evaluation.appealAction')}
                          </Button>
                        )
                      ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'results',
            label: t('evaluation.results'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Segmented
                  value={by}
                  onChange={(v) => setBy(v as EvaluationDimension)}
                  options={['department', 'window', 'staff', 'item'].map((d) => ({
                    value: d,
                    label: t(`evaluation.by.${d}`),
                  }))}
                />
                <Table
                  rowKey="key"
                  size="small"
                  dataSource={results.data ?? []}
                  data-testid="review-results"
                  pagination={false}
                  columns={[
                    { title: t(`evaluation.by.${by}`), dataIndex: 'label' },
                    { title: t('evaluation.total'), dataIndex: 'total' },
                    ...LEVELS.map((n) => ({
                      title: t(`evaluation.levels.${n}`),
                      render: (_: unknown, r: ResultRow) => r.levels[n],
                    })),
                    {
                      title: t('evaluation.rate'),
                      dataIndex: 'satisfactionRate',
                      render: (v: number | null) => (v === null ? '—' : `${v}%`),
                    },
                    {
                      title: t('evaluation.rectifiedOfBad'),
                      render: (_: unknown, r: ResultRow) => `${r.rectified} / ${r.bad}`,
                    },
                    { title: t('evaluation.unrated'), dataIndex: 'unratedCounted' },
                    { title: t('evaluation.excluded'), dataIndex: 'excluded' },
                  ]}
                />
              </Space>
            ),
          },
          { key: 'scorecards', label: t('evaluation.scorecards'), children: <Scorecards today={me?.today} /> },
          ...(can('evaluation.decide')
            ? [
                {
                  key: 'appeals',
                  label: t('evaluation.appeals'),
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      dataSource={appeals.data ?? []}
                      pagination={false}
                      columns={[
                        { title: t('cases.number'), dataIndex: 'caseNumber' },
                        { title: t('evaluation.window'), dataIndex: 'department' },
                        { title: t('evaluation.level'), dataIndex: 'level', render: level },
                        { title: t('evaluation.comment'), dataIndex: 'comment' },
                        { title: t('common.reason'), render: (_: unknown, a: Appeal) => `${a.reason}（${a.filedBy}）` },
                        {
                          title: t('common.actions'),
                          render: (_: unknown, a: Appeal) => (
                            <Space>
                              <Button
                                size="small"
                                onClick={() =>
                                  void act(
                                    () =>
                                      call(evaluation.decideAppeal, {
                                        params: { id: a.id },
                                        body: { decision: 'upheld', note: '' },
                                      }),
                                    t('common.saved'),
                                  )
                                }
                              >
                                {t('evaluation.uphold')}
                              </Button>
                              <Button
                                size="small"
                                danger
                                onClick={() =>
                                  void act(
                                    () =>
                                      call(evaluation.decideAppeal, {
                                        params: { id: a.id },
                                        body: { decision: 'rejected', note: '' },
                                      }),
                                    t('common.saved'),
                                  )
                                }
                              >
                                {t('evaluation.reject')}
                              </Button>
                            </Space>
                          ),
                        },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!appealing}
        title={t('evaluation.appealAction')}
        okButtonProps={{ disabled: !reason.trim() }}
        onCancel={() => setAppealing(undefined)}
        onOk={() =>
          void act(async () => {
            await call(evaluation.appeal, { params: { id: appealing!.id }, body: { reason } });
            setAppealing(undefined);
          }, t('evaluation.appealFiled'))
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('common.reason')}
          placeholder={t('evaluation.appealHint')}
        />
      </Modal>
    </Card>
  );
}

/** 月度考核: staff or window scorecards of a month, and the Excel the cadre assessment takes. */
function Scorecards({ today }: { today: string | undefined }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(today));
  const [by, setBy] = useState<'staff' | 'window'>('staff');
  const m = month.format('YYYY-MM');
  const rows = useQuery({
    queryKey: ['scorecards', by, m],
    queryFn: (): Promise<ScorecardRow[]> => call(evaluation.scorecards, { query: { month: m, by } }),
  });
  const pct = (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`);
  const columns =
    by === 'staff'
      ? ([
          ['department', 'department'],
          ['staff', 'staff'],
          ['handled', 'handled'],
          ['closed', 'closed'],
          ['onTimeRate', 'onTimeRate', pct],
          ['reviews', 'reviews'],
          ['satisfactionRate', 'satisfactionRate', pct],
          ['bad', 'bad'],
          ['rectified', 'rectified'],
          ['complaints', 'complaints'],
        ] as const)
      : ([
          ['department', 'department'],
          ['window', 'window'],
          ['served', 'served'],
          ['noShow', 'noShow'],
          ['medianWait', 'medianWait'],
          ['cases', 'cases'],
          ['reviews', 'reviews'],
          ['satisfactionRate', 'satisfactionRate', pct],
          ['bad', 'bad'],
          ['rectified', 'rectified'],
        ] as const);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <DatePicker picker="month" value={month} allowClear={false} onChange={(v) => v && setMonth(v)} />
        <Segmented
          value={by}
          onChange={(v) => setBy(v as 'staff' | 'window')}
          options={[
            { value: 'staff', label: t('evaluation.by.staff') },
            { value: 'window', label: t('evaluation.by.window') },
          ]}
        />
        <a href={urlOf(evaluation.scorecards, { query: { month: m, by, format: 'xlsx' } })}>{t('common.export')}</a>
      </Space>
      <Table
        rowKey={(r) => ('staffId' in r ? r.staffId : r.windowId)}
        size="small"
        pagination={false}
        dataSource={rows.data ?? []}
        data-testid="scorecards"
        columns={columns.map(([key, index, render]) => ({
          title: t(`evaluation.card.${key}`),
          dataIndex: index,
          ...(render ? { render } : {}),
        }))}
      />
    </Space>
  );
}
