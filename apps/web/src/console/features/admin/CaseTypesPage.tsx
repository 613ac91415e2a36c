import { Card, Descriptions, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ActionForm, useCaseTypes } from '../../caseTypes.ts';
import { codeLabel } from '../../i18n.ts';
import { StateDiagram } from './StateDiagram.tsx';

export function CaseTypesPage() {
  const { t } = useTranslation();
  const { data } = useCaseTypes();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 18 }}>{t('admin.caseTypesTitle')}</h1>
      {(data ?? []).map((type) => (
        <Card
          key={type.code}
          title={`${type.name} · ${type.nameEn} (${type.code})`}
          data-testid={`case-type-${type.code}`}
        >
          <div style={{ overflowX: 'auto' }}>
            <StateDiagram type={type} />
          </div>
          <Descriptions
            size="small"
            column={1}
            title={t('admin.clocks')}
            items={type.clocks.map((c) => ({
              key: c.code,
              label: c.label,
              children: `${c.limitDays} ${c.unit === 'working' ? t('cases.days', { n: '' }).trim() : t('cases.calendarDays', { n: '' }).trim()}（+${c.maxExtensionDays}）`,
            }))}
          />
          <Table<ActionForm>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={type.actions}
            columns={[
              {
                title: t('admin.transitions'),
                dataIndex: 'code',
                render: (c: string, a) => codeLabel('action', c, a.label),
              },
              {
                title: t('admin.states'),
                dataIndex: 'from',
                render: (f: string[], a) => (
                  <span>
                    {f.map((s) => (
                      <Tag key={s}>{codeLabel('status', s, type.states[s]?.label)}</Tag>
                    ))}{' '}
                    → {a.to ? <Tag color="blue">{codeLabel('status', a.to, type.states[a.to]?.label)}</Tag> : '—'}
                  </span>
                ),
              },
              {
                title: t('cases.inputs'),
                dataIndex: 'fields',
                render: (fs: ActionForm['fields']) => fs.map((f) => f.label).join('、') || '—',
              },
              {
                title: t('cases.opinion'),
                dataIndex: 'opinion',
                render: (o: string) => (o === 'none' ? '—' : t(`admin.${o}`)),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}
