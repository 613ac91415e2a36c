import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, App, Button, Card, Col, Form, Input, List, Row, Select, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BodyOf, complaints, org, portal, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { AttachmentUpload, type Uploaded } from '../cases/AttachmentUpload.tsx';

type Category = ResponseOf<typeof complaints.categories>[number];
type Duplicate = ResponseOf<typeof complaints.duplicates>[number];
type Matter = BodyOf<typeof complaints.register>;
/** the form's values: the matter's fields as typed in, the parties picked apart */
type HotlineForm = Pick<Matter, 'kind' | 'channel' | 'categoryCode' | 'divisionCode' | 'address' | 'description'> & {
  name?: string;
  phone?: string;
  organisationIds?: string[];
  personNames?: string[];
};

const CHANNELS = ['hotline', 'web', 'letter', 'visit', 'media', 'mailbox'] as const;
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * 12345 受理: built for speed at the phone — the fields in the order the caller speaks, the category
 * found by typing any part of its name (Tab moves on), open matters of the same caller or place shown
 * as soon as the number or the address is entered, Ctrl+Enter to register.
 */
export function HotlinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [key, setKey] = useState(newKey);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploadKey, setUploadKey] = useState(0);
  const categories = useQuery({
    queryKey: ['complaint-categories'],
    queryFn: () => call(complaints.categories),
  });
  const villages = useQuery({ queryKey: ['villages'], queryFn: () => call(portal.villages) });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => call(org.organisations, { query: {} }),
  });
  const categoryOptions = useMemo(() => {
    const all = categories.data ?? [];
    const path = (c: Category): string => {
      const p = all.find((x) => x.code === c.parentCode);
      return p ? `${path(p)} / ${c.name}` : c.name;
    };
    // found by the words a caller uses too (低保, 停水, 噪声): the category's description is searched with its name
    return all.map((c) => ({ value: c.code, label: path(c), search: `${path(c)} ${c.description}` }));
  }, [categories.data]);
  const checkDuplicates = async () => {
    const v = form.getFieldsValue() as {
      phone?: string;
      divisionCode?: string;
      address?: string;
      organisationIds?: string[];
    };
    if (!v.phone && !(v.divisionCode && v.address) && !v.organisationIds?.length) return;
    setDuplicates(
      await call(complaints.duplicates, {
        body: {
          ...(v.phone ? { phone: v.phone } : {}),
          ...(v.divisionCode ? { divisionCode: v.divisionCode } : {}),
          ...(v.address ? { address: v.address } : {}),
          ...(v.organisationIds?.length ? { partyIds: v.organisationIds } : {}),
        },
      }).catch(() => []),
    );
  };
  const submit = (v: HotlineForm) => {
    // the parties complained about: organisations from the register (found again by id), people by name
    const parties: Matter['parties'] = [
      ...(v.organisationIds ?? []).map((id) => ({
        kind: 'organisation' as const,
        id,
        name: organisations.data?.find((o) => o.id === id)?.name ?? id,
      })),
      ...(v.personNames ?? []).map((name) => ({ kind: 'person' as const, name })),
    ];
    return run(async () => {
      const r = await call(complaints.register, {
        body: {
          kind: v.kind ?? 'complaint',
          channel: v.channel,
          categoryCode: v.categoryCode,
          divisionCode: v.divisionCode,
          ...(v.address ? { address: v.address } : {}),
          description: v.description,
          complainant: { ...(v.name ? { name: v.name } : {}), ...(v.phone ? { phone: v.phone } : {}) },
          parties,
          attachments: files.map((f) => f.hash),
        },
        headers: { 'Idempotency-Key': key },
      });
      message.success(t('complaints.registered', { number: r.case.number }));
      form.resetFields();
      setDuplicates([]);
      setFiles([]);
      setUploadKey((k) => k + 1);
      setKey(newKey());
      void navigate({ to: '/cases/$id', params: { id: r.case.id } });
    });
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('complaints.hotlineTitle')}</h1>}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ channel: 'hotline', kind: 'complaint' }}
            onFinish={submit}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
            }}
            data-testid="hotline-form"
          >
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item name="phone" label={t('complaints.phone')}>
                  <Input autoFocus maxLength={11} onBlur={() => void checkDuplicates()} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="name" label={t('complaints.name')}>
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="channel" label={t('complaints.channel')}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="categoryCode" label={t('complaints.category')} rules={[{ required: true }]}>
              <Select
                showSearch
                filterOption={(input, option) => !!option?.search.includes(input.trim())}
                options={categoryOptions}
                placeholder={t('complaints.categoryHint')}
              />
            </Form.Item>
            <Row gutter={8}>
              <Col span={10}>
                <Form.Item name="divisionCode" label={t('complaints.village')} rules={[{ required: true }]}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    options={(villages.data ?? []).map((v) => ({ value: v.code, label: `${v.township} ${v.name}` }))}
                  />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="address" label={t('complaints.address')}>
                  <Input maxLength={200} onBlur={() => void checkDuplicates()} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item name="organisationIds" label={t('complaints.organisations')}>
                  <Select
                    mode="multiple"
                    showSearch
                    optionFilterProp="label"
                    options={(organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
                    onBlur={() => void checkDuplicates()}
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="personNames" label={t('complaints.persons')} extra={t('complaints.personsHint')}>
                  <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="description" label={t('complaints.description')} rules={[{ required: true, min: 5 }]}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
            <Form.Item label={t('complaints.attachments')} extra={t('complaints.attachmentsHint')}>
              <AttachmentUpload key={uploadKey} onChange={setFiles} />
            </Form.Item>
            <Form.Item name="kind" label={t('complaints.kind')}>
              <Select
                options={[
                  { value: 'complaint', label: t('complaints.kinds.complaint') },
                  { value: 'petition', label: t('complaints.kinds.petition') },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('complaints.register')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={t('complaints.duplicates')} size="small">
          {duplicates.length === 0 ? (
            <Alert type="info" title={t('complaints.noDuplicates')} />
          ) : (
            <List
              size="small"
              dataSource={duplicates}
              data-testid="duplicates"
              renderItem={(d) => (
                <List.Item>
                  <Link to="/cases/$id" params={{ id: d.id }}>
                    {d.number}
                  </Link>{' '}
                  {d.title}{' '}
                  {d.reasons.map((r) => (
                    <Tag key={r}>{t(`complaints.reasons.${r}`)}</Tag>
                  ))}
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
