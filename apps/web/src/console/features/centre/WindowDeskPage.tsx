import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { centre, centrePublic } from '@grassroots/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import { useMe } from '../../session.ts';
import { IntakeForm } from './IntakeForm.tsx';

const WINDOW_KEY = 'grassroots.window';

/** 窗口服务台: call the next number, serve it (一窗受理), transfer it, or mark it absent. */
export function WindowDeskPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const centreId = me?.departmentId ?? '';
  const { data: windows } = useQuery({
    queryKey: ['windows', centreId],
    enabled: !!centreId,
    queryFn: () => call(centrePublic.windows, { params: { id: centreId } }),
  });
  const [windowId, setWindowId] = useState<string | undefined>(() => localStorage.getItem(WINDOW_KEY) ?? undefined);
  const chosen = windows?.find((w) => w.id === windowId) ? windowId : undefined;
  const { data: current, refetch } = useQuery({
    queryKey: ['window-current', chosen],
    enabled: !!chosen,
    refetchInterval: 5000, // refetch() after an action runs even while disabled: without a window there is nothing to ask
    queryFn: () => (chosen ? call(centre.current, { params: { id: chosen } }) : Promise.resolve(null)),
  });
  const { data: stats, refetch: refetchStats } = useQuery({
    queryKey: ['queue-stats', centreId],
    enabled: !!centreId,
    refetchInterval: 10000,
    queryFn: () => call(centre.stats, { query: { departmentId: centreId } }),
  });
  const [transferTo, setTransferTo] = useState<string>();
  const run = async (f: () => Promise<unknown>, ok?: string) => {
    try {
      await f();
      if (ok) message.success(ok);
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    }
    void refetch();
    void refetchStats();
  };
  const ticket = current?.ticket ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('centre.deskTitle')}</h1>}
        extra={
          <Select
            style={{ minWidth: 220 }}
            placeholder={t('centre.chooseWindow')}
            value={chosen}
            data-testid="window-select"
            aria-label={t('centre.chooseWindow')}
            options={(windows ?? []).map((w) => ({ value: w.id, label: `${w.code}号 ${w.name}` }))}
            onChange={(v: string) => {
              localStorage.setItem(WINDOW_KEY, v);
              setWindowId(v);
            }}
          />
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            {!chosen ? (
              <Empty description={t('centre.chooseWindow')} />
            ) : ticket ? (
              <Space direction="vertical">
                <Typography.Title level={2} style={{ margin: 0 }} data-testid="current-ticket">
                  {ticket.number}
                </Typography.Title>
                <Typography.Text type="secondary">
                  {t('centre.waited', { n: ticket.waitedMinutes })}
                  {ticket.itemCode ? ` · ${ticket.itemCode}` : ''}
                </Typography.Text>
                {ticket.booking && (
                  <Tag color="blue">
                    {t('centre.booked')} {ticket.booking.reference} · {ticket.booking.name} · {ticket.booking.phone}
                  </Tag>
                )}
                <Space wrap>
                  <Select
                    style={{ minWidth: 180 }}
                    placeholder={t('centre.transferTo')}
                    value={transferTo}
                    onChange={setTransferTo}
                    options={(windows ?? [])
                      .filter((w) => w.id !== chosen)
                      .map((w) => ({ value: w.id, label: `${w.code}号 ${w.name}` }))}
                  />
                  <Button
                    disabled={!transferTo}
                    onClick={() =>
                      void run(
                        () => call(centre.transfer, { params: { id: ticket.id }, body: { toWindowId: transferTo! } }),
                        t('centre.transferred'),
                      )
                    }
                  >
                    {t('centre.transfer')}
                  </Button>
                  <Button
                    danger
                    onClick={() =>
                      void run(() => call(centre.noShow, { params: { id: ticket.id } }), t('centre.noShowDone'))
                    }
                  >
                    {t('centre.noShow')}
                  </Button>
                  <Button
                    onClick={() =>
                      void run(() => call(centre.done, { params: { id: ticket.id }, body: {} }), t('centre.finished'))
                    }
                  >
                    {t('centre.finishOnly')}
                  </Button>
                </Space>
              </Space>
            ) : (
              <Button
                type="primary"
                size="large"
                data-testid="call-next"
                onClick={() =>
                  void run(async () => {
                    const r = await call(centre.callNext, { params: { id: chosen } });
                    message.info(
                      r.ticket ? t('centre.calling', { number: r.ticket.number }) : t('centre.nobodyWaiting'),
                    );
                  })
                }
              >
                {t('centre.callNext')}
              </Button>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Row gutter={8}>
              <Col span={6}>
                <Statistic title={t('centre.taken')} value={stats?.taken ?? 0} />
              </Col>
              <Col span={6}>
                <Statistic title={t('centre.waiting')} value={stats?.waiting ?? 0} />
              </Col>
              <Col span={6}>
                <Statistic title={t('centre.served')} value={stats?.served ?? 0} />
              </Col>
              <Col span={6}>
                <Statistic
                  title={t('centre.medianWait')}
                  value={stats?.medianWaitMinutes ?? '—'}
                  suffix={stats?.medianWaitMinutes != null ? t('centre.minutes') : undefined}
                />
              </Col>
            </Row>
            <Typography.Paragraph style={{ marginTop: 8 }}>
              <a href={`/board/${centreId}`} target="_blank" rel="noreferrer">
                {t('centre.openBoard')}
              </a>
            </Typography.Paragraph>
          </Col>
        </Row>
      </Card>
      {/* not keyed by the number: the result (receipt, case) stays on screen after the number is done */}
      <IntakeForm
        ticketId={ticket?.id}
        itemCode={ticket?.itemCode ?? undefined}
        onDone={() => {
          void refetch();
          void refetchStats();
        }}
      />
    </Space>
  );
}
