import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { assistance } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { yuan } from './money.ts';

interface Assessment {
  eligible: boolean;
  members: number;
  monthlyAmountFen: number;
  householdMonthlyIncomeFen: number;
  explanation: string[];
  ruleVersionId: string;
}

/** The 低保 side of a case: what the investigation computed and why, the notice period, the objections. */
export function AllowancePanel({
  caseId,
  data,
  status,
}: {
  caseId: string;
  data: Record<string, unknown>;
  status: string;
}) {
  const { t } = useTranslation();
  const a = data.assessment as Assessment | undefined;
  const { data: objections } = useQuery({
    queryKey: ['objections', caseId],
    queryFn: () => call(assistance.objections, { params: { id: caseId } }),
  });
  return (
    <Card title={t('assistance.panel')} size="small" data-testid="allowance-panel">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'p',
            label: t('assistance.programme'),
            children: t(`assistance.programmes.${String(data.programme)}`),
          },
          ...(a
            ? [
                {
                  key: 'e',
                  label: t('assistance.result'),
                  children: a.eligible ? (
                    <Tag color="green">{t('assistance.eligible')}</Tag>
                  ) : (
                    <Tag color="red">{t('assistance.ineligible')}</Tag>
                  ),
                },
                { key: 'm', label: t('assistance.members'), children: a.members },
                {
                  key: 'i',
                  label: t('assistance.householdIncome'),
                  children: `${yuan(a.householdMonthlyIncomeFen)} ${t('assistance.yuanPerMonth')}`,
                },
                {
                  key: 'a',
                  label: t('assistance.amount'),
                  children: (
                    <b data-testid="allowance-amount">
                      {yuan(a.monthlyAmountFen)} {t('assistance.yuanPerMonth')}
                    </b>
                  ),
                },
              ]
            : []),
          ...(data.noticeFrom
            ? [
                {
                  key: 'n',
                  label: t('assistance.notice'),
                  children: (
                    <span>
                      {String(data.noticeFrom)} — {String(data.noticeUntil)}{' '}
                      {status === 'onNotice' && <Tag color="blue">{t('assistance.onNotice')}</Tag>}
                    </span>
                  ),
                },
              ]
            : []),
          ...(data.classCode
            ? [
                {
                  key: 'c',
                  label: t('assistance.class'),
                  children: `${String(data.classCode)} · ${t('assistance.nextReverification')} ${String(data.nextReverification)}`,
                },
              ]
            : []),
        ]}
      />
      {a && (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('assistance.explanation')}</Typography.Text>}
          dataSource={a.explanation}
          renderItem={(line) => <List.Item>{line}</List.Item>}
        />
      )}
      {(objections?.length ?? 0) > 0 && (
        <List
          size="small"
          header={<b>{t('assistance.objections')}</b>}
          dataSource={objections}
          data-testid="objections"
          renderItem={(o) => (
            <List.Item>
              <div>
                {o.answered_at ? (
                  <Tag>{t('assistance.answered')}</Tag>
                ) : (
                  <Tag color="orange">{t('assistance.open')}</Tag>
                )}{' '}
                {shanghaiDateTime(o.filed_at)} {o.contact_name ?? t('assistance.anonymous')}{' '}
                {o.contact_phone_masked ?? ''}
                <div>{o.text}</div>
                {o.answer && (
                  <Typography.Text type="secondary">
                    {t('assistance.answer')}：{o.answer}
                  </Typography.Text>
                )}
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
