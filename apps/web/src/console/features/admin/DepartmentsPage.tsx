import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Department, useDepartments } from '../../caseTypes.ts';

export function DepartmentsPage() {
  const { t } = useTranslation();
  const { data, isLoading } = useDepartments();
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('admin.departmentsTitle')}</h1>}>
      <Table<Department>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.kind'), dataIndex: 'kind' },
          { title: t('people.division'), dataIndex: 'division_code' },
          { title: t('admin.phone'), dataIndex: 'phone' },
        ]}
      />
    </Card>
  );
}
