import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Badge, Card, Col, Empty, List, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { cases } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';
import { codeLabel } from '../../i18n.ts';
import { DueMarker } from '../inbox/DueMarker.tsx';

const STAGES = [
  'applied',
  'accepted',
  'awaitingMaterials',
  'investigated',
  'communityReviewed',
  'townshipReviewed',
  'onNotice',
];
/** 审核看板: the area's open 低保 applications by stage, each with its deadline marker. */
export function BoardPage() {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['board'],
    queryFn: () => call(cases.list, { query: { list: 'all', type: 'minimum_allowance', limit: 200 } }),
  });
  const items = data?.items ?? [];
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('board.title')}</h1>}>
      <Row gutter={[12, 12]} data-testid="board">
        {STAGES.map((s) => {
          const inStage = items.filter((i) => i.status === s);
          return (
            <Col key={s} xs={24} md={12} xl={6}>
              <Card
                size="small"
                title={
                  <>
                    {codeLabel('status', s)} <Badge count={inStage.length} showZero color="#1677ff" />
                  </>
                }
              >
                {inStage.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.none')} />
                ) : (
                  <List
                    size="small"
                    dataSource={inStage}
                    renderItem={(i) => (
                      <List.Item>
                        <Link to="/cases/$id" params={{ id: i.id }}>
                          {i.number}
                        </Link>{' '}
                        · {i.subjectName} <DueMarker dueDate={i.dueDate} dueState={i.dueState} daysLeft={null} />
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
