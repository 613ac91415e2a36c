import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Col, Descriptions, List, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cases } from '@grassroots/contracts';
import { ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { type ActionForm, type FieldSpec, useCaseTypes, useDepartments } from '../../caseTypes.ts';
import { OPTION_LABELS } from './FieldInput.tsx';
import { codeLabel } from '../../i18n.ts';
import { DueMarker } from '../inbox/DueMarker.tsx';
import { CASE_PANELS } from './casePanels.ts';
import { MatterPanel } from '../complaints/MatterPanel.tsx';
import { ActionModal } from './ActionModal.tsx';
import { ClockPanel } from './ClockPanel.tsx';

const optionLabel = (value: string, lang: string) => OPTION_LABELS[lang]?.[value] ?? value;

/** What an action recorded, with the field labels of its contract ("需补正材料：户口簿复印件、二寸照片"). */
function InputsLine({
  inputs,
  fields,
  departmentName,
}: {
  inputs: Record<string, unknown>;
  fields: FieldSpec[];
  departmentName: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const values = {
    ...((inputs?.fields as Record<string, unknown>) ?? {}),
    ...(inputs?.toDepartmentId ? { toDepartmentId: inputs.toDepartmentId } : {}),
    ...(inputs?.departmentIds ? { departmentIds: inputs.departmentIds } : {}),
  };
  const parts = Object.entries(values).map(([k, v]) => {
    const spec = fields.find((f) => f.name === k);
    const isDepartments = spec?.type === 'department' || k.endsWith('DepartmentIds');
    const shown =
      spec?.type === 'object' || (v !== null && typeof v === 'object' && !Array.isArray(v))
        ? t('cases.structured')
        : isDepartments
          ? [v]
              .flat()
              .map((d) => departmentName(String(d)))
              .join('、')
          : spec?.type === 'enum'
            ? optionLabel(String(v), i18n.language)
            : Array.isArray(v)
              ? v.join('、')
              : String(v);
    return `${spec?.label ?? k}：${shown}`;
  });
  return parts.length ? (
    <div>
      <Typography.Text type="secondary">
        {t('cases.inputs')} · {parts.join('；')}
      </Typography.Text>
    </div>
  ) : null;
}

export function CasePage() {
  const { t } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const { data: types } = useCaseTypes();
  const { data: departments } = useDepartments();
  const [acting, setActing] = useState<ActionForm>();
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['case', id],
    queryFn: () => call(cases.get, { params: { id } }),
  });

  if (isLoading) return <Spin />;
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError && error.status === 404 ? t('cases.notFound') : t('common.unknownError')}
        data-testid="case-error"
      />
    );
  const c = data!.case;
  const type = types?.find((ty) => ty.code === c.typeCode);
  const forms = [...(type?.actions ?? []), ...(type?.engineActions ?? [])];
  const deptName = (d: string) => departments?.find((x) => x.id === d)?.name ?? d;
  const refresh = async () => {
    void qc.invalidateQueries({ queryKey: ['inbox'] });
    const r = await refetch();
    // a transfer to a department outside one's reach: the case is no longer ours to see
    if (r.error instanceof ApiError && r.error.status === 404) {
      message.info(t('cases.leftReach'));
      await navigate({ to: '/inbox', search: { list: 'department' } });
    }
  };
  const conflict = () => {
    setActing(undefined);
    void refresh();
    modal.warning({ title: '409', content: t('cases.conflict') });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {c.title} <Tag data-testid="case-status">{codeLabel('status', c.status, c.statusLabel)}</Tag>
          </h1>
        }
        extra={<Button onClick={() => void refresh()}>{t('common.refresh')}</Button>}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'n',
              label: t('cases.number'),
              children: (
                <Typography.Text copyable data-testid="case-number">
                  {c.number}
                </Typography.Text>
              ),
            },
            {
              key: 'q',
              label: t('cases.queryCode'),
              children: (
                <Typography.Text
                  copyable
                  data-testid="case-query-code"
                >{`${c.queryCode.slice(0, 4)}-${c.queryCode.slice(4)}`}</Typography.Text>
              ),
            },
            { key: 't', label: t('cases.type'), children: c.typeName },
            { key: 's', label: t('cases.subject'), children: c.subject.name },
            { key: 'o', label: t('cases.owner'), children: deptName(c.owningDepartmentId) },
            {
              key: 'a',
              label: t('cases.assisting'),
              children: c.assistingDepartmentIds.map(deptName).join('、') || '—',
            },
            {
              key: 'd',
              label: t('cases.due'),
              children: <DueMarker dueDate={c.dueDate} dueState={c.dueState} daysLeft={null} />,
            },
            { key: 'op', label: t('cases.opened'), children: shanghaiDateTime(c.openedAt) },
            { key: 'cl', label: t('cases.closed'), children: c.closedAt ? shanghaiDateTime(c.closedAt) : '—' },
            { key: 'f', label: t('cases.flags'), children: c.flags.map((f) => <Tag key={f}>{f}</Tag>) },
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 15, marginTop: 8 }}>
          {t('cases.actions')}
        </Typography.Title>
        {c.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('cases.noActions')}</Typography.Text>
        ) : (
          <Space wrap data-testid="case-actions">
            {c.allowedActions.map((a) => {
              const form = forms.find((f) => f.code === a.code) ?? {
                code: a.code,
                label: a.label,
                fields: [],
                opinion: 'optional' as const,
              };
              return (
                <Button
                  key={a.code}
                  type={type?.actions.some((x) => x.code === a.code) ? 'primary' : 'default'}
                  data-action={a.code}
                  onClick={() => setActing(form)}
                >
                  {codeLabel('action', a.code, a.label)}
                </Button>
              );
            })}
          </Space>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          {c.subject.type === 'complaint' && <MatterPanel c={c} />}
          <Card title={t('cases.timeline')} size="small">
            <Timeline
              data-testid="case-timeline"
              items={data!.history.map((h) => ({
                key: h.seq,
                content: (
                  <div>
                    <b>{codeLabel('action', h.action, h.label)}</b> · {shanghaiDateTime(h.at)} · {h.actor}
                    {h.department ? `（${h.department}）` : ''}
                    {h.opinion && (
                      <div>
                        {t('cases.opinion')}：{h.opinion}
                      </div>
                    )}
                    <InputsLine
                      inputs={h.inputs}
                      fields={[...(type?.openFields ?? []), ...(forms.find((f) => f.code === h.action)?.fields ?? [])]}
                      departmentName={deptName}
                    />
                    {h.attachments?.length > 0 && (
                      <div>
                        {t('cases.attachments')}：
                        {h.attachments.map((a) => (
                          <a
                            key={a.hash}
                            href={urlOf(cases.attachment, { params: { id: c.id, hash: a.hash } })}
                            target="_blank"
                            rel="noreferrer"
                            data-testid="attachment"
                          >
                            {a.mime.startsWith('image/') ? (
                              <img
                                src={urlOf(cases.attachment, { params: { id: c.id, hash: a.hash } })}
                                alt={a.name}
                                style={{ height: 64, marginRight: 8, border: '1px solid #eee' }}
                              />
                            ) : (
                              <Tag>{a.name}</Tag>
                            )}
                          </a>
                        ))}
                      </div>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {type?.panels.map((name) => {
              const Panel = CASE_PANELS[name];
              return Panel ? <Panel key={name} caseId={c.id} data={c.data} status={c.status} /> : null;
            })}
            <ClockPanel clocks={c.clocks} explanation={data!.clockExplanation} />
            <Card title={t('cases.documents')} size="small">
              <List
                size="small"
                dataSource={data!.documents}
                locale={{ emptyText: t('common.none') }}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      <a
                        key="p"
                        href={urlOf(cases.documentPdf, { params: { id: d.id } })}
                        target="_blank"
                        rel="noreferrer"
                      >
                        {t('cases.docPreview')}
                      </a>,
                      <a key="d" href={urlOf(cases.documentPdf, { params: { id: d.id } })} download={`${d.number}.pdf`}>
                        {t('cases.docDownload')}
                      </a>,
                    ]}
                  >
                    <List.Item.Meta
                      title={d.title}
                      description={`${d.number} · ${t('cases.verifyCode')} ${d.verification_code}`}
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {acting && (
        <ActionModal
          caseId={c.id}
          version={c.version}
          action={acting}
          subject={{ name: c.subject.name, divisionCode: c.divisionCode, data: c.data }}
          onCancel={() => setActing(undefined)}
          onConflict={conflict}
          onDone={() => {
            setActing(undefined);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}
