import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, List, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogue, type ResponseOf } from '@grassroots/contracts';
import { api, ApiError } from '../../../shared/api.ts';
import { call, urlOf } from '../../../shared/client.ts';
import { useCan } from '../../session.ts';

interface Problem {
  line: number;
  field: string;
  message: string;
}

/** 办事指南 in the console: find an item, read its guide, export the catalogue, import an edited one (all rows or none). */
export function CataloguePage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string>();
  const [problems, setProblems] = useState<Problem[]>();
  const { data, refetch } = useQuery({
    queryKey: ['catalogue', q],
    queryFn: () => call(catalogue.search, { query: { q } }),
  });
  const { data: item } = useQuery({
    queryKey: ['catalogue-item', open],
    enabled: !!open,
    queryFn: () => call(catalogue.get, { params: { code: open! }, query: {} }),
  });
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('catalogue.title')}</h1>}
      extra={
        <Space>
          <a href={urlOf(catalogue.export, { query: { format: 'xlsx' } })}>{t('common.export')}</a>
          {can('config.manage') && (
            <Upload
              name="file"
              showUploadList={false}
              accept=".csv,.xlsx"
              customRequest={async ({ file, onSuccess, onError }) => {
                const body = new FormData();
                body.append('file', file as Blob);
                try {
                  // multipart: the typed client sends JSON, so the form goes through api.post, typed by the contract
                  const r = await api.post<ResponseOf<typeof catalogue.import>>(urlOf(catalogue.import), body);
                  setProblems(undefined);
                  message.success(t('catalogue.imported', r));
                  onSuccess?.(r);
                  void refetch();
                } catch (e) {
                  if (e instanceof ApiError) {
                    setProblems((e.problem.problems as Problem[] | undefined) ?? []);
                    message.error(e.text(i18n.language));
                  }
                  onError?.(e as Error);
                }
              }}
            >
              <Button>{t('catalogue.import')}</Button>
            </Upload>
          )}
        </Space>
      }
    >
      <Input.Search
        allowClear
        placeholder={t('catalogue.searchHint')}
        onSearch={setQ}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {problems && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('catalogue.refused', { n: problems.length })}
          description={
            <List
              size="small"
              dataSource={problems}
              renderItem={(p) => (
                <List.Item>
                  {p.line}：{p.message}
                </List.Item>
              )}
            />
          }
        />
      )}
      <Table
        rowKey="code"
        dataSource={data ?? []}
        pagination={{ pageSize: 50 }}
        data-testid="catalogue"
        columns={[
          { title: t('catalogue.code'), dataIndex: 'code' },
          {
            title: t('catalogue.name'),
            dataIndex: 'name',
            render: (n: string, h) => <a onClick={() => setOpen(h.code)}>{n}</a>,
          },
          { title: t('catalogue.version'), dataIndex: 'version' },
          {
            title: t('catalogue.mode'),
            dataIndex: 'handling_mode',
            render: (m: string) => <Tag>{t(`catalogue.modes.${m}`)}</Tag>,
          },
          { title: t('catalogue.promised'), dataIndex: 'promised_days' },
          { title: t('admin.departmentsTitle'), dataIndex: 'department_code' },
        ]}
      />
      <Drawer
        open={!!open}
        width={560}
        onClose={() => setOpen(undefined)}
        title={item ? `${item.name}（${t('catalogue.versionN', { n: item.version })}）` : ''}
      >
        {item && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'l', label: t('catalogue.limits'), children: `${item.promisedDays} / ${item.statutoryDays}` },
                { key: 'p', label: t('catalogue.place'), children: `${item.place} ${item.hours}` },
              ]}
            />
            <List
              size="small"
              header={<b>{t('catalogue.conditions')}</b>}
              dataSource={item.conditions}
              renderItem={(c) => <List.Item>{c}</List.Item>}
            />
            <List
              size="small"
              header={<b>{t('catalogue.materials')}</b>}
              dataSource={item.materials}
              renderItem={(m) => (
                <List.Item>
                  {m.name} ×{m.copies}
                  {m.original ? ` · ${t('catalogue.original')}` : ''}
                  {!m.required ? ` · ${t('catalogue.optional')}` : m.mayComeLater ? ` · ${t('catalogue.later')}` : ''}
                </List.Item>
              )}
            />
            <List
              size="small"
              header={<b>{t('catalogue.steps')}</b>}
              dataSource={item.steps}
              renderItem={(s) => (
                <List.Item>
                  {s.name}
                  {s.countsTowardLimit ? '' : ` · ${t('catalogue.notCounted')}`}
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
