import { Link, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLogout, useMe } from '../session.ts';
import { LanguageSelect } from './LanguageSelect.tsx';

const { Header, Sider, Content } = Layout;

/** Navigation by module: an entry shows only when the user holds a permission it needs. */
const NAV: Array<{ to: string; key: string; any: string[]; all?: string[]; group?: 'admin' }> = [
  { to: '/', key: 'dashboard', any: ['case.read'] },
  { to: '/inbox', key: 'inbox', any: ['case.read'] },
  { to: '/centre/desk', key: 'desk', any: ['centre.serve'], all: ['case.open'] },
  { to: '/cases/new', key: 'newCase', any: ['case.open'] },
  { to: '/people', key: 'people', any: ['person.read'] },
  { to: '/catalogue', key: 'catalogue', any: ['case.open', 'config.manage'] },
  { to: '/centre', key: 'centre', any: ['centre.serve', 'centre.manage'] },
  { to: '/evaluations', key: 'evaluations', any: ['evaluation.read'] },
  { to: '/complaints/new', key: 'hotline', any: ['complaint.manage'] },
  { to: '/complaints', key: 'complaints', any: ['complaint.manage'] },
  { to: '/disputes', key: 'disputes', any: ['dispute.manage'] },
  { to: '/agency', key: 'agency', any: ['centre.serve'] },
  { to: '/duty', key: 'duty', any: ['centre.serve'] },
  { to: '/people/import', key: 'import', any: ['registry.import'] },
  { to: '/assistance/applications', key: 'onlineApplications', any: ['assistance.read'], all: ['case.open'] },
  { to: '/assistance/board', key: 'board', any: ['assistance.read'], all: ['case.read'] },
  { to: '/assistance/entitlements', key: 'entitlements', any: ['assistance.read'] },
  { to: '/care', key: 'care', any: ['assistance.read'] },
  { to: '/assistance/family-planning', key: 'familyPlanning', any: ['assistance.manage'] },
  { to: '/assistance/cycles', key: 'cycles', any: ['payment.prepare', 'payment.approve'] },
  { to: '/assistance/funds', key: 'funds', any: ['payment.prepare', 'payment.approve', 'assistance.manage'] },
  { to: '/admin/divisions', key: 'divisions', any: ['division.manage', 'department.manage'], group: 'admin' },
  { to: '/admin/departments', key: 'departments', any: ['department.manage', 'division.manage'], group: 'admin' },
  { to: '/admin/users', key: 'users', any: ['user.manage', 'role.manage'], group: 'admin' },
  { to: '/admin/calendar', key: 'calendar', any: ['calendar.manage'], group: 'admin' },
  { to: '/admin/case-types', key: 'caseTypes', any: ['config.manage', 'case.supervise'], group: 'admin' },
  { to: '/admin/audit', key: 'audit', any: ['audit.read'], group: 'admin' },
];

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me, isLoading } = useMe();
  const logout = useLogout();
  const path = useRouterState({ select: (s) => s.location.pathname });
  if (isLoading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" search={{ reason: undefined, next: undefined }} />;
  if (me.secondFactorRequired) return <Navigate to="/login" search={{ reason: 'enrol', next: undefined }} />;

  const allowed = NAV.filter(
    (n) => n.any.some((p) => me.permissions.includes(p)) && (n.all ?? []).every((p) => me.permissions.includes(p)),
  );
  const item = (n: (typeof NAV)[number]) => ({ key: n.to, label: <Link to={n.to as never}>{t(`nav.${n.key}`)}</Link> });
  const admin = allowed.filter((n) => n.group === 'admin');
  const items = [
    ...allowed.filter((n) => !n.group).map(item),
    ...(admin.length
      ? [{ key: 'admin', type: 'group' as const, label: t('nav.admin'), children: admin.map(item) }]
      : []),
  ];
  const selected =
    [...allowed]
      .sort((a, b) => b.to.length - a.to.length)
      .find((n) => (path.replace(/^\/console/, '') || '/').startsWith(n.to))?.to ?? '/';
  const home = allowed[0]?.to ?? '/account';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} theme="light" width={208}>
        <div style={{ padding: '16px 16px 8px', fontWeight: 600 }}>
          <Link to={home as never}>{t('app.title')}</Link>
        </div>
        <nav aria-label={t('app.short')}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            borderBottom: '1px solid #eee',
          }}
        >
          <Typography.Text data-testid="whoami">
            {me.displayName} · {t('header.department')}：{me.departmentName} · {t('header.jurisdiction')}：
            {me.divisionName}
          </Typography.Text>
          <Space>
            <LanguageSelect testId="language" />
            <Link to="/account">{t('nav.account')}</Link>
            <Button onClick={logout}>{t('nav.logout')}</Button>
          </Space>
        </Header>
        <Content className="gr-page">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
