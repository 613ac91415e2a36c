import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Outlet } from '@tanstack/react-router';
import { caseTypesQuery } from './caseTypes.ts';
import { listOf, prefetchInbox } from './features/inbox/inboxQuery.ts';
import { AppLayout } from './layout/AppLayout.tsx';
import { queryClient } from './queryClient.ts';
import { prefetchMe } from './session.ts';

const rootRoute = createRootRoute({ component: Outlet });
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: lazyRouteComponent(() => import('./features/auth/LoginPage.tsx'), 'LoginPage'),
  validateSearch: (s: Record<string, unknown>) => ({
    reason: typeof s.reason === 'string' ? s.reason : undefined,
    next: typeof s.next === 'string' ? s.next : undefined,
  }),
});
// every page but the login page sits inside the layout, which sends a signed-out visitor to the login page
// it asks for /me without waiting: the matched page's code (and its loader's data) load at the same time
const shell = createRoute({
  getParentRoute: () => rootRoute,
  id: 'shell',
  component: AppLayout,
  beforeLoad: () => prefetchMe(queryClient),
});
const page = (path: string, load: () => Promise<Record<string, unknown>>, name: string) =>
  createRoute({ getParentRoute: () => shell, path, component: lazyRouteComponent(load as never, name as never) });

const inboxRoute = createRoute({
  getParentRoute: () => shell,
  path: '/inbox',
  component: lazyRouteComponent(() => import('./features/inbox/InboxPage.tsx'), 'InboxPage'),
  validateSearch: (s: Record<string, unknown>) => ({ list: typeof s.list === 'string' ? s.list : undefined }),
  // the list's first page and the case types are asked for beside the page's code; not awaited, so the page
  // draws as soon as its code is here and shows its own loading state until they arrive
  loaderDeps: ({ search }) => ({ list: listOf(search) }),
  loader: ({ deps }) => {
    prefetchInbox(queryClient, deps.list);
    void queryClient.prefetchQuery(caseTypesQuery);
  },
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  shell.addChildren([
    page('/', () => import('./features/dashboard/DashboardPage.tsx'), 'DashboardPage'),
    inboxRoute,
    page('/cases/new', () => import('./features/cases/NewCasePage.tsx'), 'NewCasePage'),
    page('/cases/$id', () => import('./features/cases/CasePage.tsx'), 'CasePage'),
    page('/people', () => import('./features/people/PeoplePage.tsx'), 'PeoplePage'),
    page('/people/import', () => import('./features/people/ImportWizard.tsx'), 'ImportWizard'),
    page('/people/$id', () => import('./features/people/PersonPage.tsx'), 'PersonPage'),
    page('/households/$number', () => import('./features/people/HouseholdPage.tsx'), 'HouseholdPage'),
    page('/admin/divisions', () => import('./features/admin/DivisionsPage.tsx'), 'DivisionsPage'),
    page('/admin/departments', () => import('./features/admin/DepartmentsPage.tsx'), 'DepartmentsPage'),
    page('/admin/users', () => import('./features/admin/UsersPage.tsx'), 'UsersPage'),
    page('/admin/calendar', () => import('./features/admin/CalendarPage.tsx'), 'CalendarPage'),
    page('/admin/case-types', () => import('./features/admin/CaseTypesPage.tsx'), 'CaseTypesPage'),
    page('/admin/audit', () => import('./features/admin/AuditPage.tsx'), 'AuditPage'),
    page(
      '/assistance/applications',
      () => import('./features/assistance/OnlineApplicationsPage.tsx'),
      'OnlineApplicationsPage',
    ),
    page('/assistance/entitlements', () => import('./features/assistance/EntitlementsPage.tsx'), 'EntitlementsPage'),
    page('/assistance/entitlements/$id', () => import('./features/assistance/EntitlementPage.tsx'), 'EntitlementPage'),
    page('/assistance/cycles', () => import('./features/assistance/CyclesPage.tsx'), 'CyclesPage'),
    page('/assistance/cycles/$id', () => import('./features/assistance/CyclePage.tsx'), 'CyclePage'),
    page(
      '/assistance/family-planning',
      () => import('./features/assistance/FamilyPlanningPage.tsx'),
      'FamilyPlanningPage',
    ),
    page('/assistance/board', () => import('./features/assistance/BoardPage.tsx'), 'BoardPage'),
    page('/assistance/funds', () => import('./features/assistance/FundsPage.tsx'), 'FundsPage'),
    page('/catalogue', () => import('./features/catalogue/CataloguePage.tsx'), 'CataloguePage'),
    page('/centre/desk', () => import('./features/centre/WindowDeskPage.tsx'), 'WindowDeskPage'),
    page('/centre', () => import('./features/centre/CentrePage.tsx'), 'CentrePage'),
    page('/evaluations', () => import('./features/centre/EvaluationsPage.tsx'), 'EvaluationsPage'),
    page('/agency', () => import('./features/centre/AgencyPage.tsx'), 'AgencyPage'),
    page('/complaints', () => import('./features/complaints/BoardPage.tsx'), 'ComplaintBoardPage'),
    page('/complaints/new', () => import('./features/complaints/HotlinePage.tsx'), 'HotlinePage'),
    page('/disputes', () => import('./features/complaints/DisputesPage.tsx'), 'DisputesPage'),
    page('/duty', () => import('./features/centre/DutyPage.tsx'), 'DutyPage'),
    page('/care', () => import('./features/care/CarePage.tsx'), 'CarePage'),
    page('/care/visits', () => import('./features/care/VisitsPage.tsx'), 'VisitsPage'),
    page('/care/$id', () => import('./features/care/BeneficiaryPage.tsx'), 'BeneficiaryPage'),
    page('/account', () => import('./features/auth/AccountPage.tsx'), 'AccountPage'),
  ]),
]);

export const router = createRouter({ routeTree, basepath: '/console', defaultPreload: 'intent' });

// not registered as the app's router type: console and portal are two routers in one type-check
