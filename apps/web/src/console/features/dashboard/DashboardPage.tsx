import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Progress, Result, Row, Typography } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import { cases } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import { codeLabel } from '../../i18n.ts';
import { useMe } from '../../session.ts';

// only the chart kinds the dashboard draws, so the chunk stays small
echarts.use([PieChart, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export function DashboardPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  // administrators, payment officers and registrars have no case statistics: not asked, greeted instead
  const allowed = me && me.permissions.includes('case.read');
  const { data, error } = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => call(cases.dashboard),
    retry: false,
    enabled: allowed === true,
  });
  if (allowed === false || (error instanceof ApiError && error.status === 403))
    return <Result status="info" title={t('dashboard.title')} subTitle={t('dashboard.noAccess')} />;
  if (!data) return null;
  const chart = (option: object, label: string) => (
    <ReactEChartsCore
      echarts={echarts}
      option={{ animation: false, ...option }}
      style={{ height: 280 }}
      notMerge
      aria-label={label}
    />
  );
  const empty = <Empty description={t('dashboard.noData')} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.openByStatus')} size="small" data-testid="chart-status">
            {data.openByStatus.length
              ? chart(
                  {
                    tooltip: { trigger: 'item' },
                    series: [
                      {
                        type: 'pie',
                        radius: ['35%', '65%'],
                        data: data.openByStatus.map((s) => ({
                          name: codeLabel('status', s.status, s.statusLabel),
                          value: s.count,
                        })),
                      },
                    ],
                  },
                  t('dashboard.openByStatus'),
                )
              : empty}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.openByDepartment')} size="small">
            {data.openByDepartment.length
              ? chart(
                  {
                    tooltip: { trigger: 'axis' },
                    legend: { bottom: 0 },
                    grid: { left: 150, right: 20, top: 10, bottom: 40 },
                    xAxis: { type: 'value' },
                    yAxis: { type: 'category', data: data.openByDepartment.map((d) => d.department) },
                    series: [
                      {
                        name: t('dashboard.open'),
                        type: 'bar',
                        stack: 'a',
                        data: data.openByDepartment.map((d) => d.open - d.overdue - d.dueSoon),
                        color: '#4b8bd6',
                      },
                      {
                        name: t('dashboard.dueSoon'),
                        type: 'bar',
                        stack: 'a',
                        data: data.openByDepartment.map((d) => d.dueSoon),
                        color: '#faad14',
                      },
                      {
                        name: t('dashboard.overdue'),
                        type: 'bar',
                        stack: 'a',
                        data: data.openByDepartment.map((d) => d.overdue),
                        color: '#cf1322',
                      },
                    ],
                  },
                  t('dashboard.openByDepartment'),
                )
              : empty}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('dashboard.onTimeRate')} size="small">
            {data.onTime.rate === null ? (
              empty
            ) : (
              <div style={{ textAlign: 'center' }}>
                <Progress type="dashboard" percent={Math.round(data.onTime.rate * 1000) / 10} />
                <div>{t('dashboard.closedCount', { n: data.onTime.closed })}</div>
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('dashboard.overdueTrend')} size="small">
            {data.overdueByMonth.length
              ? chart(
                  {
                    tooltip: { trigger: 'axis' },
                    legend: { bottom: 0 },
                    grid: { left: 40, right: 20, top: 10, bottom: 40 },
                    xAxis: { type: 'category', data: data.overdueByMonth.map((m) => m.month) },
                    yAxis: { type: 'value' },
                    series: [
                      { name: t('dashboard.opened'), type: 'line', data: data.overdueByMonth.map((m) => m.opened) },
                      {
                        name: t('dashboard.overdue'),
                        type: 'line',
                        data: data.overdueByMonth.map((m) => m.overdue),
                        color: '#cf1322',
                      },
                    ],
                  },
                  t('dashboard.overdueTrend'),
                )
              : empty}
          </Card>
        </Col>
      </Row>
    </>
  );
}
