import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, Card, Spin, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { registry } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';

const RELATIONS: Record<string, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
};

export function HouseholdPage() {
  const { t, i18n } = useTranslation();
  const { number } = useParams({ strict: false }) as { number: string };
  const { data, error, isLoading } = useQuery({
    queryKey: ['household', number],
    queryFn: () => call(registry.household, { params: { number } }),
  });
  if (isLoading) return <Spin />;
  if (error || !data)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.text(i18n.language) : t('common.unknownError')}
      />
    );
  return (
    <Card
      title={
        <h1 style={{ fontSize: 18, margin: 0 }}>
          {t('people.household')} {data.number}
        </h1>
      }
    >
      <p>
        {t('people.address')}：{data.address ?? '—'}
      </p>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.members}
        columns={[
          {
            title: t('people.name'),
            dataIndex: 'name',
            render: (n: string, r) => (
              <Link to="/people/$id" params={{ id: r.id }}>
                {n}
              </Link>
            ),
          },
          { title: t('people.idNumber'), dataIndex: 'id_number_masked' },
          {
            title: t('people.relation'),
            dataIndex: 'relation',
            render: (r: string) => (i18n.language === 'en' ? r : (RELATIONS[r] ?? r)),
          },
        ]}
      />
    </Card>
  );
}
