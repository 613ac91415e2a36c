import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { Shell } from './Shell.tsx';
import { HomePage } from './pages/HomePage.tsx';

const root = createRootRoute({ component: Shell });
const page = (
  path: string,
  load: () => Promise<Record<string, unknown>>,
  name: string,
  validateSearch?: (s: Record<string, unknown>) => Record<string, string | undefined>,
) =>
  createRoute({
    getParentRoute: () => root,
    path,
    component: lazyRouteComponent(load as never, name as never),
    ...(validateSearch ? { validateSearch } : {}),
  });
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const routeTree = root.addChildren([
  createRoute({ getParentRoute: () => root, path: '/', component: HomePage }),
  page(
    '/track',
    () => import('./pages/TrackPage.tsx'),
    'TrackPage',
    (s) => ({ number: str(s.number) }),
  ),
  page('/verify', () => import('./pages/VerifyPage.tsx'), 'VerifyPage'),
  page('/verify/$code', () => import('./pages/VerifyPage.tsx'), 'VerifyPage'),
  page('/directory', () => import('./pages/DirectoryPage.tsx'), 'DirectoryPage'),
  page('/signin', () => import('./pages/SignInPage.tsx'), 'SignInPage'),
  page('/me', () => import('./pages/SignInPage.tsx'), 'SignInPage'),
  page('/notices', () => import('./pages/NoticesPage.tsx'), 'NoticesPage'),
  page('/apply', () => import('./pages/ApplyPage.tsx'), 'ApplyPage'),
  page('/care', () => import('./pages/CarePage.tsx'), 'CarePage'),
  page('/guide', () => import('./pages/GuidePage.tsx'), 'GuideSearchPage'),
  page('/guide/$code', () => import('./pages/GuidePage.tsx'), 'GuideItemPage'),
  page('/book/$code', () => import('./pages/BookPage.tsx'), 'BookPage'),
  page(
    '/ticket',
    () => import('./pages/QueuePages.tsx'),
    'TicketPage',
    (s) => ({ kiosk: str(s.kiosk) }),
  ),
  page('/board/$centre', () => import('./pages/QueuePages.tsx'), 'BoardPage'),
  page('/agency', () => import('./pages/AgencyPage.tsx'), 'AgencyPage'),
  page('/complain', () => import('./pages/ComplainPage.tsx'), 'ComplainPage'),
  page('/complaints', () => import('./pages/ComplainPage.tsx'), 'MyComplaintsPage'),
  page('/figures', () => import('./pages/FiguresPage.tsx'), 'FiguresPage'),
  page('/ratings', () => import('./pages/ResultsPage.tsx'), 'ResultsPage'),
  page(
    '/evaluate',
    () => import('./pages/EvaluatePage.tsx'),
    'EvaluatePage',
    (s) => ({ number: str(s.number), channel: str(s.channel) }),
  ),
]);

export const router = createRouter({ routeTree });

// not registered as the app's router type: console and portal are two routers in one type-check
