import { cases, type ResponseOf } from '@grassroots/contracts';
import { Card, Descriptions, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type CaseDetail = ResponseOf<typeof cases.get>;
export type Clock = CaseDetail['case']['clocks'][number];
export type ClockNote = CaseDetail['clockExplanation'][number];

/** Each clock: its limit, days used, extensions, state and due date; below, why the due date is what it is (pauses, resumes, extensions). */
export function ClockPanel({ clocks, explanation }: { clocks: Clock[]; explanation: ClockNote[] }) {
  const { t } = useTranslation();
  const days = (c: Clock, n: number) =>
    c.unit === 'working' ? t('cases.days', { n }) : t('cases.calendarDays', { n });
  return (
    <Card title={t('cases.clock')} size="small" data-testid="clock-panel">
      {clocks.map((c) => (
        <Descriptions
          key={c.code}
          size="small"
          column={3}
          title={c.label}
          style={{ marginBottom: 8 }}
          items={[
            {
              key: 'state',
              label: t('cases.clockState'),
              children: (
                <Tag
                  color={c.state === 'paused' ? 'orange' : c.state === 'running' ? 'blue' : 'default'}
                  data-testid={`clock-state-${c.code}`}
                >
                  {t(`cases.clockStates.${c.state}`)}
                </Tag>
              ),
            },
            { key: 'limit', label: t('cases.clockLimit'), children: days(c, c.limitDays) },
            {
              key: 'ext',
              label: t('cases.clockExtension'),
              children: c.extensionDays ? days(c, c.extensionDays) : '—',
            },
            { key: 'used', label: t('cases.clockUsed'), children: days(c, c.usedDays) },
            { key: 'start', label: t('cases.clockStarted'), children: c.startedOn ?? '—' },
            { key: 'due', label: t('cases.clockDue'), children: c.dueDate ?? '—' },
          ]}
        />
      ))}
      {explanation.length > 0 && (
        <>
          <Typography.Text strong>{t('cases.pausedPeriods')}</Typography.Text>
          <Timeline
            style={{ marginTop: 8 }}
            items={explanation.map((e, i) => ({
              key: i,
              color: e.event === 'pause' ? 'orange' : e.event === 'extend' ? 'purple' : 'blue',
              content: (
                <span>
                  <b>{e.on}</b> {e.text}
                </span>
              ),
            }))}
          />
        </>
      )}
    </Card>
  );
}
