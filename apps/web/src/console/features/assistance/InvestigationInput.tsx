import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { assistance, registry } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { fenOfYuan } from './money.ts';

export interface InvestigationValue {
  months: string[];
  members: Array<{
    personId: string;
    ableToWork: boolean;
    incomes: Array<{ kind: string; month: string; amountFen: number }>;
  }>;
  assets: { depositsFen: number; vehicles: number; housing: string };
  homeVisit: { date: string; visitors: string[]; findings: string };
}

const lastMonths = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    dayjs()
      .subtract(n - i, 'month')
      .format('YYYY-MM'),
  );

/**
 * 入户调查 recorded as the case type's structured field: every member of the household with each
 * income by kind and month (the kinds are the rule's, counted or excluded), the assets, the visit.
 * The server computes the amount; this form only collects what was found.
 */
export function InvestigationInput({
  value,
  onChange,
  householdNumber,
  programme,
  divisionCode,
}: {
  value?: InvestigationValue;
  onChange?: (v: InvestigationValue) => void;
  householdNumber: string;
  programme: string;
  divisionCode: string;
}) {
  const { t } = useTranslation();
  const { data: household } = useQuery({
    queryKey: ['household', householdNumber],
    queryFn: () => call(registry.household, { params: { number: householdNumber } }),
  });
  const { data: rule } = useQuery({
    queryKey: ['rule', programme, divisionCode],
    queryFn: async () => {
      const r = await call(assistance.ruleInForce, {
        query: { programme, divisionCode, on: dayjs().format('YYYY-MM-DD') },
      });
      // a 低保 programme's rule: the income kinds it counts or excludes, and its standard
      return 'countedIncomeKinds' in r ? r : null;
    },
  });
  useEffect(() => {
    if (household && !value) {
      onChange?.({
        months: lastMonths(3),
        members: household.members.map((m) => ({ personId: m.id, ableToWork: false, incomes: [] })),
        assets: { depositsFen: 0, vehicles: 0, housing: '' },
        homeVisit: { date: dayjs().format('YYYY-MM-DD'), visitors: [], findings: '' },
      });
    }
  }, [household, value, onChange]);
  if (!household || !rule || !value) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  const set = (patch: Partial<InvestigationValue>) => onChange?.({ ...value, ...patch });
  const setMember = (i: number, patch: Partial<InvestigationValue['members'][number]>) =>
    set({ members: value.members.map((m, k) => (k === i ? { ...m, ...patch } : m)) });
  const kinds = [
    ...rule.countedIncomeKinds.map((k) => ({ value: k, label: t(`assistance.income.${k}`, { defaultValue: k }) })),
    ...rule.excludedIncomeKinds.map((k) => ({
      value: k,
      label: `${t(`assistance.income.${k}`, { defaultValue: k })}（${t('assistance.excluded')}）`,
    })),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="investigation">
      <Typography.Text type="secondary">
        {t('assistance.standard', { yuan: (rule.monthlyStandardFen / 100).toFixed(2), basis: rule.basis })}
      </Typography.Text>
      <div>
        <label htmlFor="inv-months">{t('assistance.months')}</label>
        <Select
          id="inv-months"
          mode="multiple"
          style={{ width: '100%' }}
          value={value.months}
          onChange={(months) => set({ months: [...months].sort() })}
          options={lastMonths(12).map((m) => ({ value: m, label: m }))}
        />
      </div>
      {value.members.map((m, i) => {
        const person = household.members.find((p) => p.id === m.personId);
        return (
          <Card
            key={m.personId}
            size="small"
            title={`${person?.name ?? m.personId}（${t(`assistance.relation.${person?.relation ?? 'other'}`, { defaultValue: person?.relation })}）`}
            extra={
              <Checkbox checked={m.ableToWork} onChange={(e) => setMember(i, { ableToWork: e.target.checked })}>
                {t('assistance.ableToWork')}
              </Checkbox>
            }
            data-testid={`member-${i}`}
          >
            <Table
              size="small"
              pagination={false}
              rowKey={(_, k) => String(k)}
              dataSource={m.incomes}
              locale={{ emptyText: t('assistance.noIncome') }}
              columns={[
                {
                  title: t('assistance.incomeKind'),
                  render: (_, r, k) => (
                    <Select
                      aria-label={t('assistance.incomeKind')}
                      style={{ width: 200 }}
                      value={r.kind}
                      options={kinds}
                      onChange={(kind) =>
                        setMember(i, { incomes: m.incomes.map((x, j) => (j === k ? { ...x, kind } : x)) })
                      }
                    />
                  ),
                },
                {
                  title: t('assistance.month'),
                  render: (_, r, k) => (
                    <Select
                      aria-label={t('assistance.month')}
                      style={{ width: 110 }}
                      value={r.month}
                      options={value.months.map((x) => ({ value: x, label: x }))}
                      onChange={(month) =>
                        setMember(i, { incomes: m.incomes.map((x, j) => (j === k ? { ...x, month } : x)) })
                      }
                    />
                  ),
                },
                {
                  title: t('assistance.amountYuan'),
                  render: (_, r, k) => (
                    <InputNumber
                      aria-label={t('assistance.amountYuan')}
                      min={0}
                      precision={2}
                      value={r.amountFen / 100}
                      onChange={(v) =>
                        setMember(i, {
                          incomes: m.incomes.map((x, j) => (j === k ? { ...x, amountFen: fenOfYuan(v) } : x)),
                        })
                      }
                    />
                  ),
                },
                {
                  title: '',
                  render: (_, __, k) => (
                    <Button
                      size="small"
                      onClick={() => setMember(i, { incomes: m.incomes.filter((_x, j) => j !== k) })}
                    >
                      {t('assistance.remove')}
                    </Button>
                  ),
                },
              ]}
            />
            <Button
              size="small"
              style={{ marginTop: 8 }}
              data-testid={`add-income-${i}`}
              onClick={() =>
                setMember(i, {
                  incomes: [
                    ...m.incomes,
                    ...value.months.map((month) => ({ kind: rule.countedIncomeKinds[0]!, month, amountFen: 0 })),
                  ],
                })
              }
            >
              {t('assistance.addIncome')}
            </Button>
          </Card>
        );
      })}
      <Card size="small" title={t('assistance.assets')}>
        <Space wrap>
          <label>
            {t('assistance.deposits')}{' '}
            <InputNumber
              min={0}
              precision={2}
              value={value.assets.depositsFen / 100}
              onChange={(v) => set({ assets: { ...value.assets, depositsFen: fenOfYuan(v) } })}
            />
          </label>
          <label>
            {t('assistance.vehicles')}{' '}
            <InputNumber
              min={0}
              precision={0}
              value={value.assets.vehicles}
              onChange={(v) => set({ assets: { ...value.assets, vehicles: v ?? 0 } })}
            />
          </label>
          <label>
            {t('assistance.housing')}{' '}
            <Input
              style={{ width: 240 }}
              value={value.assets.housing}
              onChange={(e) => set({ assets: { ...value.assets, housing: e.target.value } })}
            />
          </label>
        </Space>
      </Card>
      <Card size="small" title={t('assistance.homeVisit')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <label>
            {t('assistance.visitDate')}{' '}
            <DatePicker
              value={dayjs(value.homeVisit.date)}
              onChange={(d) => set({ homeVisit: { ...value.homeVisit, date: (d ?? dayjs()).format('YYYY-MM-DD') } })}
            />
          </label>
          <label htmlFor="inv-visitors">{t('assistance.visitors')}</label>
          <Select
            id="inv-visitors"
            mode="tags"
            open={false}
            tokenSeparators={[',', '，', '、']}
            value={value.homeVisit.visitors}
            onChange={(visitors) => set({ homeVisit: { ...value.homeVisit, visitors } })}
          />
          <label htmlFor="inv-findings">{t('assistance.findings')}</label>
          <Input.TextArea
            id="inv-findings"
            rows={3}
            value={value.homeVisit.findings}
            onChange={(e) => set({ homeVisit: { ...value.homeVisit, findings: e.target.value } })}
          />
        </Space>
      </Card>
    </Space>
  );
}
