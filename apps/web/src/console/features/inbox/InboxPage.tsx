import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { Button, Card, DatePicker, Select, Space, Table, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cases, org, type ResponseOf } from '@grassroots/contracts';
import { call, urlOf } from '../../../shared/client.ts';
import { useCaseTypes } from '../../caseTypes.ts';
import { codeLabel } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { DueMarker } from './DueMarker.tsx';
import { inboxQuery, type InboxParams, listOf, LISTS, takePrefetchedStaleTime } from './inboxQuery.ts';

type Item = ResponseOf<typeof cases.list>['items'][number];

/** The work inbox: five lists, filters, sort, keyset paging (a stack of cursors for "previous"), Excel export. */
export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { list?: string };
  const list = listOf(search);
  const { data: me } = useMe();
  const { data: types } = useCaseTypes();
  const [filter, setFilter] = useState<{
    type?: string;
    status?: string;
    division?: string;
    dates?: [Dayjs, Dayjs] | null;
    sort: 'due' | 'opened';
  }>({ sort: 'due' });
  const [cursors, setCursors] = useState<string[]>([]);
  const params: InboxParams = {
    list,
    type: filter.type,
    status: filter.status,
    division: filter.division,
    sort: filter.sort,
    openedFrom: filter.dates?.[0]?.format('YYYY-MM-DD'),
    openedTo: filter.dates?.[1]?.format('YYYY-MM-DD'),
  };
  const cursor = cursors[cursors.length - 1];
  const [staleTime] = useState(takePrefetchedStaleTime);
  const { data, isFetching } = useQuery({ ...inboxQuery(params, cursor), staleTime });
  const { data: divisions } = useQuery({
    queryKey: ['divisions', me?.divisionCode],
    enabled: !!me,
    // the county's townships and, for township staff, their own villages
    queryFn: async () => {
      const codes = [...new Set([me!.divisionCode.slice(0, 6), me!.divisionCode])];
      const lists = await Promise.all(codes.map((c) => call(org.children, { params: { code: c }, query: {} })));
      return [...new Map(lists.flat().map((d) => [d.code, d])).values()];
    },
  });
  const change = (patch: Partial<typeof filter>) => {
    setFilter({ ...filter, ...patch });
    setCursors([]);
  };
  const statuses = [
    ...new Map(
      (types ?? []).flatMap((ty) => Object.entries(ty.states).map(([code, s]) => [code, s.label] as const)),
    ).entries(),
  ];

  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('inbox.title')}</h1>}
      extra={
        <Button href={urlOf(cases.export, { query: { ...params, format: 'xlsx' } })} download>
          {t('common.export')}
        </Button>
      }
    >
      <Tabs
        activeKey={list}
        onChange={(k) => {
          setCursors([]);
          void navigate({ to: '/inbox', search: { list: k } });
        }}
        items={LISTS.map((l) => ({ key: l, label: t(`inbox.${l}`) }))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('inbox.filterType')}
          placeholder={t('inbox.filterType')}
          allowClear
          style={{ width: 160 }}
          value={filter.type}
          onChange={(v) => change({ type: v })}
          options={(types ?? []).map((ty) => ({ value: ty.code, label: ty.name }))}
        />
        <Select
          aria-label={t('inbox.filterStatus')}
          placeholder={t('inbox.filterStatus')}
          allowClear
          style={{ width: 140 }}
          value={filter.status}
          onChange={(v) => change({ status: v })}
          options={statuses.map(([code, label]) => ({ value: code, label: codeLabel('status', code, label) }))}
        />
        <Select
          aria-label={t('inbox.filterDivision')}
          placeholder={t('inbox.filterDivision')}
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          value={filter.division}
          onChange={(v) => change({ division: v })}
          options={(divisions ?? []).filter((d) => !d.valid_until).map((d) => ({ value: d.code, label: d.name }))}
        />
        <DatePicker.RangePicker
          aria-label={t('inbox.filterDates')}
          value={filter.dates ?? null}
          onChange={(v) => change({ dates: v as [Dayjs, Dayjs] | null })}
        />
        <Select
          aria-label={t('inbox.sort')}
          style={{ width: 150 }}
          value={filter.sort}
          onChange={(v) => change({ sort: v })}
          options={[
            { value: 'due', label: t('inbox.sortDue') },
            { value: 'opened', label: t('inbox.sortOpened') },
          ]}
        />
      </Space>
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('inbox.empty') }}
        columns={[
          {
            title: t('inbox.number'),
            dataIndex: 'number',
            render: (n: string, r) => (
              <Link to="/cases/$id" params={{ id: r.id }}>
                {n}
              </Link>
            ),
          },
          { title: t('inbox.titleCol'), dataIndex: 'title' },
          { title: t('inbox.subject'), dataIndex: 'subjectName' },
          {
            title: t('inbox.type'),
            dataIndex: 'typeCode',
            render: (c: string) => types?.find((ty) => ty.code === c)?.name ?? c,
          },
          {
            title: t('inbox.status'),
            dataIndex: 'status',
            render: (s: string, r) =>
              codeLabel('status', s, types?.find((ty) => ty.code === r.typeCode)?.states[s]?.label),
          },
          {
            title: t('inbox.due'),
            dataIndex: 'dueDate',
            render: (_: unknown, r) => (
              <DueMarker dueDate={r.dueDate} dueState={r.dueState} daysLeft={r.workingDaysLeft} />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('common.prevPage')}
        </Button>
        <span>{t('inbox.page', { n: cursors.length + 1 })}</span>
        <Button
          disabled={!data?.nextCursor}
          onClick={() => data?.nextCursor && setCursors([...cursors, data.nextCursor])}
        >
          {t('common.nextPage')}
        </Button>
      </Space>
    </Card>
  );
}
