import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, List, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BodyOf, meetings, type ResponseOf } from '@grassroots/contracts';
import { call, urlOf } from '../../../shared/client.ts';

type Owed = ResponseOf<typeof meetings.owed>;
type MeetingBody = BodyOf<typeof meetings.record>;

/** 联席会议: the meetings owed, the action items overdue, the meetings held with their minutes (PDF) and items, and a new record. */
export function MeetingsPanel({
  divisionCode,
  owed,
  run,
}: {
  divisionCode: string;
  owed: Owed | undefined;
  run: (f: () => Promise<unknown>) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const held = useQuery({ queryKey: ['meetings'], queryFn: () => call(meetings.list) });
  const save = (f: () => Promise<unknown>) =>
    run(async () => {
      await f();
      await held.refetch();
    });
  const doneBox = (id: string) => (
    <Input.Search
      key="done"
      size="small"
      enterButton={t('disputes.done')}
      placeholder={t('disputes.doneNote')}
      onSearch={(note) => void save(() => call(meetings.done, { params: { id }, body: { note } }))}
    />
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        header={<b>{t('disputes.withoutQuarterly')}</b>}
        dataSource={owed?.withoutQuarterly ?? []}
        renderItem={(c) => <List.Item>{c.name}</List.Item>}
      />
      <List
        size="small"
        header={<b>{t('disputes.overdueActions')}</b>}
        dataSource={owed?.overdueActions ?? []}
        locale={{ emptyText: t('common.none') }}
        renderItem={(a) => (
          <List.Item actions={[doneBox(a.id)]}>
            {a.community} · {a.text}（{a.owner}，{a.due}）
          </List.Item>
        )}
      />
      <List
        size="small"
        header={<b>{t('disputes.heldMeetings')}</b>}
        dataSource={held.data ?? []}
        locale={{ emptyText: t('common.none') }}
        data-testid="held-meetings"
        renderItem={(m) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <b>
                  {m.heldOn} {m.community} {t(`disputes.meetingKinds.${m.kind}`)}
                </b>
                {m.documentId && (
                  <a href={urlOf(meetings.minutesPdf, { params: { id: m.id } })} target="_blank" rel="noreferrer">
                    {t('disputes.minutesPdf')}
                  </a>
                )}
              </Space>
              <div>{m.agenda.map((a) => a.title).join('；')}</div>
              {m.actions.map((a) => (
                <Space key={a.id} wrap>
                  {a.doneAt ? <Tag color="green">{t('disputes.done')}</Tag> : <Tag>{a.due}</Tag>}
                  <span>
                    {a.text}（{a.owner}）{a.doneNote ? `：${a.doneNote}` : ''}
                  </span>
                  {!a.doneAt && doneBox(a.id)}
                </Space>
              ))}
            </Space>
          </List.Item>
        )}
      />
      <MeetingForm divisionCode={divisionCode} onSave={(body) => void save(() => call(meetings.record, { body }))} />
    </Space>
  );
}

/** The four parties, the agenda from the community's open matters, the minutes and the action items. */
function MeetingForm({ divisionCode, onSave }: { divisionCode: string; onSave: (body: MeetingBody) => void }) {
  const { t } = useTranslation();
  const agenda = useQuery({
    queryKey: ['agenda', divisionCode],
    enabled: divisionCode.length === 12,
    queryFn: () => call(meetings.agenda, { query: { divisionCode } }),
  });
  const [actions, setActions] = useState<Array<{ text: string; owner: string; due: string }>>([]);
  if (divisionCode.length !== 12) return null;
  return (
    <Card size="small" title={t('disputes.newMeeting')}>
      <Form
        layout="vertical"
        initialValues={{ kind: 'quarterly' }}
        onFinish={(v: Record<string, string> & { kind: MeetingBody['kind']; held: Dayjs }) =>
          onSave({
            divisionCode,
            kind: v.kind,
            heldOn: v.held.format('YYYY-MM-DD'),
            minutes: v.minutes,
            actions,
            attendees: {
              partyBranch: v.partyBranch,
              residentsCommittee: v.residentsCommittee,
              ownersCommittee: v.ownersCommittee,
              propertyCompany: v.propertyCompany,
            },
            agenda: agenda.data?.length ? agenda.data : [{ title: v.minutes.slice(0, 60) }],
          })
        }
      >
        <Space wrap>
          <Form.Item name="kind" label={t('disputes.meetingKind')}>
            <Select
              style={{ width: 160 }}
              options={['quarterly', 'halfYearSummary', 'adHoc'].map((k) => ({
                value: k,
                label: t(`disputes.meetingKinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="held" label={t('disputes.heldOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space wrap>
          {['partyBranch', 'residentsCommittee', 'ownersCommittee', 'propertyCompany'].map((k) => (
            <Form.Item key={k} name={k} label={t(`disputes.parties.${k}`)} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
          ))}
        </Space>
        <List
          size="small"
          header={<b>{t('disputes.agenda')}</b>}
          dataSource={agenda.data ?? []}
          locale={{ emptyText: t('common.none') }}
          renderItem={(a) => <List.Item>{a.title}</List.Item>}
        />
        <Form.Item name="minutes" label={t('disputes.minutes')} rules={[{ required: true, min: 5 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <List
          size="small"
          header={<b>{t('disputes.actionItems')}</b>}
          dataSource={actions}
          locale={{ emptyText: t('common.none') }}
          renderItem={(a) => (
            <List.Item>
              {a.text}（{a.owner}，{a.due}）
            </List.Item>
          )}
        />
        <Input.Search
          enterButton={t('disputes.addAction')}
          placeholder={t('disputes.actionHint')}
          onSearch={(v) => {
            const [text, owner, due] = v.split(/[，,]/).map((x) => x.trim());
            if (text && owner && due && /^\d{4}-\d{2}-\d{2}$/.test(due)) setActions([...actions, { text, owner, due }]);
          }}
        />
        <Button htmlType="submit" type="primary" style={{ marginTop: 8 }}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
