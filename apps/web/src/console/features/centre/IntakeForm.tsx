import { cases, catalogue, centre, isMobile, registry, type ResponseOf } from '@grassroots/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, App, Button, Card, Checkbox, Descriptions, Input, List, Radio, Result, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';

type Person = ResponseOf<typeof registry.search>[number];
type Outcome = ResponseOf<typeof centre.intake>;

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * 一窗受理: find the applicant by ID number or mobile, pick the item, tick the materials brought. The
 * form says before submitting what will happen (受理, 容缺受理, 即办, or a one-time notice of what is
 * missing); the server decides the same way and answers with the receipt or the notice.
 */
export function IntakeForm({
  ticketId,
  itemCode,
  onDone,
}: {
  ticketId?: string | undefined;
  itemCode?: string | undefined;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [lookup, setLookup] = useState('');
  const [people, setPeople] = useState<Person[]>();
  const [personId, setPersonId] = useState<string>();
  const [q, setQ] = useState('');
  const [code, setCode] = useState<string | undefined>(itemCode);
  const [provided, setProvided] = useState<string[]>([]);
  const [disposition, setDisposition] = useState<'handle' | 'agency' | 'refer'>('handle');
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Outcome>();
  // a newly called number brings its item with it
  useEffect(() => {
    if (itemCode) {
      setCode(itemCode);
      setProvided([]);
    }
  }, [itemCode]);
  const { data: hits } = useQuery({
    queryKey: ['catalogue', q],
    queryFn: () => call(catalogue.search, { query: { q } }),
  });
  const { data: item } = useQuery({
    queryKey: ['catalogue-item', code],
    enabled: !!code,
    queryFn: () => call(catalogue.get, { params: { code: code! }, query: {} }),
  });
  const preview = useMemo(() => {
    if (!item) return undefined;
    const missing = item.materials.filter((m) => m.required && !provided.includes(m.name));
    const now = missing.filter((m) => !m.mayComeLater).map((m) => m.name);
    const later = missing.filter((m) => m.mayComeLater).map((m) => m.name);
    if (disposition === 'refer') return { type: 'info' as const, text: t('centre.previewRefer') };
    if (now.length)
      return { type: 'warning' as const, text: t('centre.previewRefuse', { list: [...now, ...later].join('、') }) };
    if (item.handlingMode === 'onTheSpot') return { type: 'success' as const, text: t('centre.previewSpot') };
    if (later.length) return { type: 'info' as const, text: t('centre.previewPending', { list: later.join('、') }) };
    return { type: 'success' as const, text: t('centre.previewAccept', { n: item.promisedDays }) };
  }, [item, provided, disposition, t]);

  const find = async () => {
    const v = lookup.trim();
    if (!v) return;
    const by = isMobile(v) ? { phone: v } : /^\d{17}[\dXx]$/.test(v) ? { idNumber: v.toUpperCase() } : { name: v };
    try {
      const found = await call(registry.search, { query: { ...by, limit: 20 } });
      setPeople(found);
      setPersonId(found.length === 1 ? found[0]!.id : undefined);
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    }
  };
  const submit = async () => {
    setBusy(true);
    try {
      const r = await call(centre.intake, {
        body: {
          itemCode: code!,
          personId: personId!,
          provided,
          disposition,
          ...(ticketId ? { ticketId } : {}),
          ...(note ? { note } : {}),
        },
        headers: { 'Idempotency-Key': key },
      });
      setResult(r);
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setResult(undefined);
    setPeople(undefined);
    setPersonId(undefined);
    setLookup('');
    setProvided([]);
    setNote('');
    setDisposition('handle');
    setKey(newKey());
  };

  if (result) {
    return (
      <Card data-testid="intake-result">
        <Result
          status={result.outcome === 'refused' ? 'warning' : 'success'}
          title={t(`centre.outcome.${result.outcome}`)}
          subTitle={
            result.case
              ? `${t('cases.number')} ${result.case.number} · ${t('cases.queryCode')} ${result.case.queryCode.slice(0, 4)}-${result.case.queryCode.slice(4)}${result.case.dueDate ? ` · ${t('cases.due')} ${result.case.dueDate}` : ''}`
              : undefined
          }
          extra={[
            ...result.documents.map((d) => (
              <Button key={d.id} href={urlOf(cases.documentPdf, { params: { id: d.id } })} target="_blank">
                {d.title} {d.number}
              </Button>
            )),
            ...(result.case
              ? [
                  <Link key="case" to="/cases/$id" params={{ id: result.case.id }}>
                    {t('centre.openCase')}
                  </Link>,
                ]
              : []),
            // the window's evaluation pad (现场评价): the same page residents use online, on the on-site channel
            ...(result.case && !['accepted', 'acceptedWithPending'].includes(result.outcome)
              ? [
                  <a
                    key="rate"
                    href={`/evaluate?number=${result.case.number}&channel=onSite`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t('centre.rateOnSite')}
                  </a>,
                ]
              : []),
            <Button key="next" type="primary" onClick={reset}>
              {t('centre.nextApplicant')}
            </Button>,
          ]}
        />
      </Card>
    );
  }
  return (
    <Card title={t('centre.intakeTitle')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space.Compact style={{ maxWidth: 480, width: '100%' }}>
          <Input
            aria-label={t('centre.lookup')}
            placeholder={t('centre.lookup')}
            value={lookup}
            onChange={(e) => setLookup(e.target.value)}
            onPressEnter={() => void find()}
            data-testid="applicant-lookup"
          />
          <Button onClick={() => void find()}>{t('common.search')}</Button>
        </Space.Compact>
        {people &&
          (people.length === 0 ? (
            <Alert type="warning" title={t('centre.noPerson')} />
          ) : (
            <Radio.Group value={personId} onChange={(e) => setPersonId(e.target.value as string)}>
              <Space direction="vertical">
                {people.map((p) => (
                  <Radio key={p.id} value={p.id}>
                    {p.name} · {p.idNumber}
                    {p.phone ? ` · ${p.phone}` : ''}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          ))}
        <Select
          showSearch
          filterOption={false}
          onSearch={setQ}
          value={code}
          onChange={(v: string) => {
            setCode(v);
            setProvided([]);
          }}
          style={{ maxWidth: 480, width: '100%' }}
          placeholder={t('centre.chooseItem')}
          aria-label={t('centre.chooseItem')}
          data-testid="item-select"
          options={(hits ?? []).map((h) => ({ value: h.code, label: `${h.name}（${h.code}）` }))}
        />
        {item && (
          <>
            <Descriptions
              size="small"
              column={2}
              items={[
                { key: 'm', label: t('catalogue.mode'), children: t(`catalogue.modes.${item.handlingMode}`) },
                { key: 'p', label: t('catalogue.promised'), children: item.promisedDays },
              ]}
            />
            <List
              size="small"
              header={<b>{t('centre.tickMaterials')}</b>}
              dataSource={item.materials}
              renderItem={(m) => (
                <List.Item>
                  <Checkbox
                    checked={provided.includes(m.name)}
                    onChange={(e) =>
                      setProvided((p) => (e.target.checked ? [...p, m.name] : p.filter((x) => x !== m.name)))
                    }
                  >
                    {m.name} ×{m.copies}
                    {m.original ? ` · ${t('catalogue.original')}` : ''}
                  </Checkbox>
                  {!m.required ? (
                    <Tag>{t('catalogue.optional')}</Tag>
                  ) : m.mayComeLater ? (
                    <Tag color="gold">{t('catalogue.later')}</Tag>
                  ) : (
                    <Tag color="red">{t('centre.required')}</Tag>
                  )}
                </List.Item>
              )}
            />
            <Radio.Group
              value={disposition}
              onChange={(e) => setDisposition(e.target.value as typeof disposition)}
              optionType="button"
              options={[
                { value: 'handle', label: t('centre.handle') },
                { value: 'agency', label: t('centre.agency') },
                { value: 'refer', label: t('centre.refer') },
              ]}
            />
            <Input.TextArea
              rows={2}
              maxLength={500}
              placeholder={t('centre.note')}
              aria-label={t('centre.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            {preview && <Alert type={preview.type} showIcon title={preview.text} data-testid="intake-preview" />}
          </>
        )}
        <Button
          type="primary"
          disabled={!personId || !code}
          loading={busy}
          onClick={() => void submit()}
          data-testid="intake-submit"
        >
          {t('centre.submitIntake')}
        </Button>
      </Space>
    </Card>
  );
}
