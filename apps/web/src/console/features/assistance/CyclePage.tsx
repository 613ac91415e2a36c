import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Descriptions, Select, Space, Spin, Statistic, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistancePayments, type ResponseOf, type ReturnProblem } from '@grassroots/contracts';
import { api, ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { shanghaiDateTime } from '../../../shared/time.ts';
import { useCan } from '../../session.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { yuan } from './money.ts';

type ReturnResult = ResponseOf<typeof assistancePayments.importReturn>;

/** One cycle: control totals, the second person's approval, the bank files, the return file, re-issues. */
export function CyclePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const can = useCan();
  const { message } = App.useApp();
  const { busy, run } = useServerErrors();
  const [template, setTemplate] = useState('standard');
  const [problems, setProblems] = useState<ReturnProblem[]>();
  const { data: templates } = useQuery({
    queryKey: ['bank-templates'],
    queryFn: () => call(assistancePayments.bankTemplates),
  });
  const {
    data: c,
    error,
    isLoading,
    refetch,
  } = useQuery({ queryKey: ['cycle', id], queryFn: () => call(assistancePayments.cycle, { params: { id } }) });
  if (isLoading) return <Spin />;
  if (error || !c)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.text(i18n.language) : t('common.unknownError')}
      />
    );
  const act = (fn: () => Promise<unknown>, ok: string) =>
    run(async () => {
      await fn();
      message.success(ok);
      void refetch();
    });
  const unsent = c.files.some((f) => !f.exported_at) || c.attention.some((p) => p.status === 'pending' && !p.file_id);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {t('assistance.cycleTitle', { number: c.number })}{' '}
            <Tag data-testid="cycle-status" color={c.status === 'approved' ? 'green' : 'gold'}>
              {t(`assistance.cycleStatus.${c.status}`)}
            </Tag>
          </h1>
        }
        extra={
          c.status === 'draft' &&
          can('payment.approve') && (
            <Button
              type="primary"
              loading={busy}
              data-testid="approve-cycle"
              onClick={() =>
                void act(() => call(assistancePayments.approve, { params: { id: c.id } }), t('assistance.approved'))
              }
            >
              {t('assistance.approve')}
            </Button>
          )
        }
      >
        <Space size="large" wrap>
          <Statistic title={t('assistance.count')} value={c.payment_count} />
          <Statistic title={t('assistance.total')} value={yuan(c.total_fen)} data-testid="cycle-total" />
          {c.byStatus.map((s) => (
            <Statistic
              key={s.status}
              title={t(`assistance.payment.${s.status}`)}
              value={`${s.count} / ${yuan(s.totalFen)}`}
            />
          ))}
        </Space>
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'p', label: t('assistance.programme'), children: t(`assistance.programmes.${c.programme}`) },
            { key: 'd', label: t('people.division'), children: c.divisionName },
            { key: 'm', label: t('assistance.period'), children: c.period.slice(0, 7) },
            {
              key: 'by',
              label: t('assistance.preparedBy'),
              children: `${c.preparedByName ?? ''} ${shanghaiDateTime(c.prepared_at)}`,
            },
            {
              key: 'ap',
              label: t('assistance.approvedBy'),
              children: c.approved_at ? `${c.approvedByName ?? ''} ${shanghaiDateTime(c.approved_at)}` : '—',
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('assistance.files')}
        extra={
          c.status === 'approved' &&
          can('payment.prepare') &&
          unsent && (
            <Space>
              <Select
                aria-label={t('assistance.template')}
                value={template}
                onChange={setTemplate}
                style={{ width: 200 }}
                options={(templates ?? []).map((x) => ({ value: x.code, label: x.name }))}
              />
              <Button
                type="primary"
                loading={busy}
                data-testid="export-file"
                onClick={() =>
                  void act(
                    () => call(assistancePayments.exportFile, { params: { id: c.id }, body: { template } }),
                    t('assistance.exported'),
                  )
                }
              >
                {t('assistance.export')}
              </Button>
            </Space>
          )
        }
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.files.filter((f) => f.exported_at)}
          data-testid="files"
          locale={{ emptyText: t('assistance.noFiles') }}
          columns={[
            { title: '#', dataIndex: 'seq' },
            {
              title: t('assistance.template'),
              dataIndex: 'bank_template',
              render: (v: string) => templates?.find((x) => x.code === v)?.name ?? v,
            },
            { title: t('assistance.count'), dataIndex: 'payment_count', align: 'right' },
            { title: t('assistance.total'), dataIndex: 'total_fen', align: 'right', render: (v: number) => yuan(v) },
            { title: t('assistance.exportedAt'), dataIndex: 'exported_at', render: (v: string) => shanghaiDateTime(v) },
            {
              title: t('common.download'),
              render: (_, f) => (
                <Space>
                  <a
                    href={urlOf(assistancePayments.downloadFile, { params: { id: f.id }, query: { format: 'csv' } })}
                    data-testid={`download-csv-${f.seq}`}
                  >
                    CSV
                  </a>
                  <a href={urlOf(assistancePayments.downloadFile, { params: { id: f.id }, query: { format: 'xlsx' } })}>
                    XLSX
                  </a>
                </Space>
              ),
            },
            {
              title: t('assistance.returnFile'),
              render: (_, f) =>
                f.returned_at ? (
                  <Tag color="green">
                    {t('assistance.reconciled')} {shanghaiDateTime(f.returned_at)}
                  </Tag>
                ) : (
                  can('payment.prepare') && (
                    <Upload
                      name="file"
                      showUploadList={false}
                      accept=".csv,.xlsx"
                      customRequest={async ({ file, onSuccess, onError }) => {
                        const body = new FormData();
                        body.append('file', file as Blob);
                        try {
                          // multipart: the file goes as form data, the answer is the contract's
                          const r = await api.post<ReturnResult>(
                            urlOf(assistancePayments.importReturn, { params: { id: f.id } }),
                            body,
                          );
                          setProblems(undefined);
                          message.success(t('assistance.returnDone', r));
                          onSuccess?.(r);
                          void refetch();
                        } catch (e) {
                          if (e instanceof ApiError) {
                            setProblems((e.problem.problems as ReturnProblem[] | undefined) ?? []);
                            message.error(e.text(i18n.language));
                          }
                          onError?.(e as Error);
                        }
                      }}
                    >
                      <Button data-testid={`upload-return-${f.seq}`}>{t('assistance.importReturn')}</Button>
                    </Upload>
                  )
                ),
            },
          ]}
        />
        {problems && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={t('assistance.returnRefused', { n: problems.length })}
            data-testid="return-problems"
            description={
              <Table
                size="small"
                rowKey={(p) => `${p.line}-${p.field}-${p.zh}`}
                pagination={false}
                dataSource={problems}
                columns={[
                  { title: t('importer.line'), dataIndex: 'line', render: (l: number) => (l === 0 ? '—' : l) },
                  { title: t('assistance.problemField'), dataIndex: 'field' },
                  { title: t('importer.reason'), render: (_, p) => (i18n.language.startsWith('en') ? p.en : p.zh) },
                ]}
              />
            }
          />
        )}
      </Card>
      <Card size="small" title={t('assistance.attention')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.attention}
          data-testid="attention"
          locale={{ emptyText: t('common.none') }}
          columns={[
            { title: t('assistance.reference'), dataIndex: 'reference' },
            { title: t('assistance.payee'), dataIndex: 'payee_name' },
            { title: t('assistance.amount'), dataIndex: 'amount_fen', align: 'right', render: (v: number) => yuan(v) },
            {
              title: t('inbox.status'),
              dataIndex: 'status',
              render: (s: string, p) => (
                <>
                  <Tag>{t(`assistance.payment.${s}`)}</Tag>
                  {p.failure_reason ?? ''}
                  {p.reissue_of ? ` (${t('assistance.reissue')})` : ''}
                </>
              ),
            },
            {
              title: t('common.actions'),
              render: (_, p) =>
                p.status === 'failed' &&
                can('payment.prepare') && (
                  <Button
                    size="small"
                    onClick={() =>
                      void act(
                        () => call(assistancePayments.reissue, { params: { id: String(p.id) } }),
                        t('assistance.reissued'),
                      )
                    }
                  >
                    {t('assistance.reissue')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {c.skipped.length > 0 && (
        <Card size="small" title={t('assistance.skipped')}>
          <Table
            size="small"
            rowKey="entitlementId"
            pagination={false}
            dataSource={c.skipped}
            data-testid="skipped"
            columns={[
              {
                title: t('people.household'),
                dataIndex: 'householdNumber',
                render: (n: string, s) => (
                  <Link to="/assistance/entitlements/$id" params={{ id: s.entitlementId }}>
                    {n}
                  </Link>
                ),
              },
              { title: t('assistance.payee'), dataIndex: 'payeeName' },
              {
                title: t('common.reason'),
                dataIndex: 'reason',
                render: (r: string) => (
                  <Tag color={r === 'accountUnverified' ? 'orange' : 'red'}>{t(`assistance.skippedReasons.${r}`)}</Tag>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
