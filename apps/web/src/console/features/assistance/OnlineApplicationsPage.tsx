import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { assistance, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useServerErrors } from '../../useServerErrors.ts';

type OnlineApplication = ResponseOf<typeof assistance.onlineApplications>[number];

/** 网上申请: what residents filed on the portal in the worker's area, taken up as cases. */
export function OnlineApplicationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { busy, run } = useServerErrors();
  const { data, isLoading } = useQuery({
    queryKey: ['online-applications'],
    queryFn: () => call(assistance.onlineApplications),
  });
  const takeUp = (a: OnlineApplication) =>
    run(async () => {
      const r = await call(assistance.takeUp, {
        params: { id: a.id },
        headers: { 'idempotency-key': `take-up-${a.id}` },
      });
      await navigate({ to: '/cases/$id', params: { id: r.case.id } });
    });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('assistance.onlineTitle')}</h1>}>
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="online-applications"
        locale={{ emptyText: t('assistance.noOnline') }}
        columns={[
          { title: t('assistance.submitted'), dataIndex: 'submitted_at', render: (v: string) => shanghaiDateTime(v) },
          {
            title: t('assistance.applicant'),
            render: (_, a) => (
              <>
                {`${a.applicant}（${a.id_number_masked}）`}
                {a.filed_by === 'householdMember' && <Tag>{t('assistance.filedByMember')}</Tag>}
                {a.filed_by === 'agent' && <Tag>{t('assistance.filedByAgent')}</Tag>}
              </>
            ),
          },
          { title: t('people.household'), dataIndex: 'householdNumber' },
          { title: t('people.division'), dataIndex: 'divisionName' },
          {
            title: t('assistance.programme'),
            dataIndex: 'programme',
            render: (p: string) => t(`assistance.programmes.${p}`),
          },
          { title: t('assistance.reason'), dataIndex: 'reason', ellipsis: true },
          // typed by whoever filed it: paid only once checked against the payee's own card (核对收款账户 after enrolment)
          {
            title: t('assistance.account'),
            render: (_, a) =>
              a.account_masked ? (
                <>
                  {`${a.bank_name ?? ''} ${a.account_masked} `}
                  <Tag color="orange">{t('assistance.unverified')}</Tag>
                </>
              ) : (
                '—'
              ),
          },
          {
            title: t('common.actions'),
            render: (_, a) => (
              <Button
                type="primary"
                loading={busy}
                onClick={() => void takeUp(a)}
                data-testid={`take-up-${a.householdNumber}`}
              >
                {t('assistance.takeUp')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
