import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistance, type QueryOf, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { PAID_PROGRAMMES as PROGRAMMES, yuan } from './money.ts';

type Filter = Omit<NonNullable<QueryOf<typeof assistance.entitlements>>, 'cursor'>;
type Row = ResponseOf<typeof assistance.entitlements>['items'][number];

export const STATUS_COLORS: Record<string, string> = { active: 'green', suspended: 'orange', terminated: 'default' };

/** 保障对象: the enrolled households of the area, with their amount, class and next re-verification. */
export function EntitlementsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>({ status: 'active' });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const { data, isLoading } = useQuery({
    queryKey: ['entitlements', filter, cursor],
    queryFn: () => call(assistance.entitlements, { query: { ...filter, cursor } }),
  });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('assistance.entitlementsTitle')}</h1>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('assistance.programme')}
          style={{ width: 200 }}
          value={filter.programme}
          onChange={(programme) => {
            setCursors([]);
            setFilter({ ...filter, programme });
          }}
          options={PROGRAMMES.map((p) => ({ value: p, label: t(`assistance.programmes.${p}`) }))}
        />
        <Select
          allowClear
          placeholder={t('inbox.status')}
          style={{ width: 140 }}
          value={filter.status}
          onChange={(status) => {
            setCursors([]);
            setFilter({ ...filter, status });
          }}
          options={['active', 'suspended', 'terminated'].map((s) => ({
            value: s,
            label: t(`assistance.statuses.${s}`),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('assistance.searchHint')}
          onSearch={(search) => {
            setCursors([]);
            setFilter({ ...filter, search: search || undefined });
          }}
          style={{ width: 240 }}
        />
      </Space>
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="entitlements"
        columns={[
          {
            title: t('people.household'),
            render: (_, r) => (
              <Link to="/assistance/entitlements/$id" params={{ id: r.id }}>
                {r.householdNumber}
              </Link>
            ),
          },
          {
            title: t('assistance.programme'),
            dataIndex: 'programme',
            render: (p: string) => t(`assistance.programmes.${p}`),
          },
          { title: t('assistance.payee'), dataIndex: 'payee_name' },
          { title: t('people.division'), dataIndex: 'divisionName' },
          { title: t('assistance.members'), dataIndex: 'members' },
          {
            title: t('assistance.perPayment'),
            dataIndex: 'amount_fen',
            align: 'right',
            render: (v: number) => yuan(v),
          },
          { title: t('assistance.class'), dataIndex: 'class_code' },
          {
            title: t('inbox.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(`assistance.statuses.${s}`)}</Tag>,
          },
          { title: t('assistance.nextReverification'), dataIndex: 'next_reverification' },
          {
            title: t('assistance.account'),
            dataIndex: 'account_masked',
            render: (v: string | null, r: Row) =>
              v ? (
                <>
                  {v}
                  {!r.account_verified_at && (
                    <Tag color="orange" style={{ marginInlineStart: 4 }}>
                      {t('assistance.unverified')}
                    </Tag>
                  )}
                </>
              ) : (
                <Tag color="red">{t('assistance.noAccount')}</Tag>
              ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('common.prevPage')}
        </Button>
        <Button disabled={!data?.nextCursor} onClick={() => setCursors([...cursors, data!.nextCursor!])}>
          {t('common.nextPage')}
        </Button>
      </Space>
    </Card>
  );
}
