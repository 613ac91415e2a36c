import { Card, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { admin, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { useMe } from '../../session.ts';

type Division = ResponseOf<typeof admin.divisionHistory>[number];

/** The division tree from the user's own division down, loaded level by level; merged divisions stay, greyed, with where they went. */
export function DivisionsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [tree, setTree] = useState<DataNode[]>([]);
  const root =
    me?.divisionCode.length === 12 && me.divisionCode.endsWith('000') ? me.divisionCode : me?.divisionCode.slice(0, 6);

  const nodeOf = (d: Division): DataNode => ({
    key: d.code,
    isLeaf: d.children === 0,
    title: (
      <span data-division={d.code}>
        <Typography.Text delete={!!d.valid_until} type={d.valid_until ? 'secondary' : undefined}>
          {d.name}
        </Typography.Text>{' '}
        <Typography.Text type="secondary">{d.code}</Typography.Text>{' '}
        {d.valid_until ? (
          <Tag color="orange">
            {t('admin.merged', { name: d.successor_name ?? d.successor_code ?? '', date: d.valid_until })}
          </Tag>
        ) : (
          <Tag>
            {t('admin.validFrom')} {d.valid_from}
          </Tag>
        )}
        {d.split_from && (
          <Tag color="purple">
            {t('admin.splitFrom', { name: d.split_from_name ?? d.split_from, date: d.valid_from })}
          </Tag>
        )}
        {d.split_into && <Tag color="purple">{t('admin.splitInto', { names: d.split_into })}</Tag>}
      </span>
    ),
  });
  const load = async (code: string) => (await call(admin.divisionHistory, { params: { code } })).map(nodeOf);
  const attach = (nodes: DataNode[], key: React.Key, children: DataNode[]): DataNode[] =>
    nodes.map((n) =>
      n.key === key ? { ...n, children } : n.children ? { ...n, children: attach(n.children, key, children) } : n,
    );

  useEffect(() => {
    if (root) void load(root).then(setTree);
  }, [root]);

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('admin.divisionsTitle')}</h1>}>
      <Tree
        treeData={tree}
        loadData={async (node) => {
          const children = await load(String(node.key));
          setTree((tr) => attach(tr, node.key, children));
        }}
      />
    </Card>
  );
}
