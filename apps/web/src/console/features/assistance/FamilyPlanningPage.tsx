import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistance } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { yuan } from './money.ts';

/** 计生奖励扶助: whom the measure finds in the registry, reviewed and enrolled. */
export function FamilyPlanningPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const { busy, run } = useServerErrors();
  const [chosen, setChosen] = useState<string[]>([]);
  const { data, isLoading, refetch } = useQuery({
    queryKey: ['family-planning'],
    queryFn: () => call(assistance.rewardEligible),
  });
  const enrol = () =>
    run(async () => {
      const r = await call(assistance.rewardEnrol, { body: { personIds: chosen } });
      message.success(t('fp.enrolled', { n: r.enrolled }));
      setChosen([]);
      void refetch();
    });
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('fp.title')}</h1>}
      extra={
        can('assistance.manage') && (
          <Button type="primary" disabled={!chosen.length} loading={busy} onClick={() => void enrol()}>
            {t('fp.enrol', { n: chosen.length })}
          </Button>
        )
      }
    >
      {data && (
        <Typography.Paragraph type="secondary">
          {t('fp.measure', {
            age: data.measure.minAge,
            yuan: yuan(data.measure.monthlyFen),
            basis: data.measure.basis,
          })}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data?.people ?? []}
        pagination={{ pageSize: 50 }}
        data-testid="fp-eligible"
        rowSelection={
          can('assistance.manage')
            ? { selectedRowKeys: chosen, onChange: (keys) => setChosen(keys as string[]) }
            : undefined
        }
        columns={[
          { title: t('people.name'), dataIndex: 'name' },
          { title: t('people.idNumber'), dataIndex: 'id_number_masked' },
          { title: t('people.birth'), dataIndex: 'birth_date' },
          { title: t('people.household'), dataIndex: 'householdNumber' },
          { title: t('people.division'), dataIndex: 'divisionName' },
        ]}
      />
    </Card>
  );
}
