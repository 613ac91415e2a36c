import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Button, Card, Descriptions, Form, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cases, complaints } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useServerErrors } from '../../useServerErrors.ts';

/** The next level a petitioner may ask for from this case: a review of the answer, a re-review of the review. */
function reviewLevelAfter(c: { typeCode: string; status: string; data: Record<string, unknown> }) {
  if (c.typeCode === 'petition' && c.status === 'answered') return 'review';
  if (c.typeCode === 'petition_review' && c.status === 'decided' && c.data.level === 'review') return 'recheck';
  return undefined;
}

/**
 * 诉求详情 on a work order or petition: what, where, who complains (the phone masked, revealed with a
 * reason) and about whom; on an answered petition or a decided review, registering the petitioner's
 * request for the next level (复查, 复核: the server holds its 30-day window).
 */
export function MatterPanel({
  c,
}: {
  c: {
    id: string;
    typeCode: string;
    status: string;
    title: string;
    data: Record<string, unknown>;
    subject: { id: string };
  };
}) {
  const caseId = c.id;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const { run } = useServerErrors(form);
  const nextLevel = reviewLevelAfter(c);
  const [requestKey] = useState(() => crypto.randomUUID());
  const requestReview = () =>
    run(async () => {
      const r = await call(cases.open, {
        body: {
          typeCode: 'petition_review',
          title: `${t(`complaints.reviewLevels.${nextLevel}`)}：${c.title}`,
          subject: { type: 'complaint', id: c.subject.id },
          fields: { level: nextLevel, previousCaseId: caseId },
        },
        headers: { 'Idempotency-Key': requestKey },
      });
      await navigate({ to: '/cases/$id', params: { id: r.case.id } });
    });
  const { data: m } = useQuery({
    queryKey: ['matter', caseId],
    queryFn: () => call(complaints.matter, { params: { id: caseId } }),
  });
  const [asking, setAsking] = useState(false);
  const [phone, setPhone] = useState<string>();
  if (!m) return null;
  const reveal = (v: { reason: string }) =>
    run(async () => {
      setPhone((await call(complaints.revealPhone, { params: { id: caseId }, body: v })).phone);
      setAsking(false);
    });
  return (
    <Card
      title={t('complaints.matter')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="matter"
      extra={
        nextLevel && (
          <Button onClick={() => void requestReview()} data-testid="request-review">
            {t(`complaints.requestReview.${nextLevel}`)}
          </Button>
        )
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'category',
            label: t('complaints.category'),
            children: `${m.parentCategory ? `${m.parentCategory} / ` : ''}${m.category}（${t(`complaints.channels.${m.channel}`)}）`,
          },
          {
            key: 'place',
            label: t('complaints.address'),
            children: (
              <>
                {[m.township, m.village, m.address].filter(Boolean).join(' ')}
                {m.lat !== null && (
                  <Tag style={{ marginLeft: 8 }}>{t('complaints.mapPoint', { latitude: m.lat, longitude: m.lng })}</Tag>
                )}
              </>
            ),
          },
          {
            key: 'description',
            label: t('complaints.description'),
            children: <span style={{ whiteSpace: 'pre-wrap' }}>{m.description}</span>,
          },
          {
            key: 'complainant',
            label: t('complaints.name'),
            children: (
              <>
                {m.complainantName ?? t('complaints.anonymous')} {phone ?? m.phone ?? ''}
                {m.canRevealPhone && !phone && (
                  <Button
                    size="small"
                    style={{ marginLeft: 8 }}
                    onClick={() => setAsking(true)}
                    data-testid="reveal-phone"
                  >
                    {t('complaints.revealPhone')}
                  </Button>
                )}
              </>
            ),
          },
          ...(m.parties.length
            ? [
                {
                  key: 'parties',
                  label: t('complaints.parties'),
                  children: m.parties.map((p) => (
                    <Tag key={`${p.kind}${p.name}`}>
                      {p.name}
                      {p.role ? `（${p.role}）` : ''}
                    </Tag>
                  )),
                },
              ]
            : []),
          ...(m.previousCaseId
            ? [
                {
                  key: 'previous',
                  label: t('complaints.previous'),
                  children: (
                    <Link to="/cases/$id" params={{ id: m.previousCaseId }}>
                      {m.previousNumber}
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={asking}
        title={t('complaints.revealPhone')}
        onCancel={() => setAsking(false)}
        footer={null}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={reveal}>
          <Form.Item
            name="reason"
            label={t('people.revealReason')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
