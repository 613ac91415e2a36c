import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { routePreload } from './vite.routes.ts';

/** A library's files by package name, for the chunk groups below. */
const pkg = (...names: string[]) => new RegExp(`node_modules[\\\\/](${names.join('|')})[\\\\/]`);

const config = {
  plugins: [
    react(),
    routePreload({
      html: 'console/index.html',
      router: resolve(import.meta.dirname, 'src/console/router.tsx'),
      base: '/',
      // the inbox's loader (router.tsx): the department list's first page (inboxQuery.ts) and the case types
      data: { '/inbox': ['/api/v1/cases?list=department&sort=due&limit=20', '/api/v1/case-types'] },
    }),
    {
      // dev only: a deep link into the console (/console/inbox) gets the console's page, as the server does
      name: 'console-spa-fallback',
      configureServer(server) {
        server.middlewares.use((req, _res, next) => {
          if (
            req.url?.startsWith('/console') &&
            !/\.\w+($|\?)/.test(req.url) &&
            !req.url.startsWith('/console/index.html')
          )
            req.url = '/console/index.html';
          next();
        });
      },
    },
  ],
  // the contracts' schemas are the server's to parse with: the web gets an inert stand-in (see zodStub.ts)
  resolve: { alias: [{ find: /^zod$/, replacement: resolve(import.meta.dirname, 'src/shared/zodStub.ts') }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        portal: resolve(import.meta.dirname, 'index.html'),
        console: resolve(import.meta.dirname, 'console/index.html'),
      },
      // the contracts only declare schemas and endpoints: a page that imports two endpoint groups from the barrel
      // gets those two, in its own chunk, and the first load does not build every schema of every module
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]packages[\\/]contracts[\\/]src[\\/]/.test(id) },
      output: {
        // libraries in a few chunks named for what they are (cached across releases, fewer requests on a first load);
        // Ant Design's components stay split by the pages that use them, only its shared core is grouped
        codeSplitting: {
          groups: [
            { name: 'react', test: pkg('react', 'react-dom', 'scheduler'), priority: 4 },
            { name: 'tanstack', test: pkg('@tanstack'), priority: 3 },
            { name: 'i18n', test: pkg('i18next', 'react-i18next'), priority: 3 },
            { name: 'charts', test: pkg('echarts', 'zrender', 'echarts-for-react'), priority: 3 },
            {
              name: 'antd-core',
              test: /node_modules[\\/](@ant-design[\\/](cssinjs|cssinjs-utils|colors|fast-color)|antd[\\/]es[\\/](config-provider|theme|style|_util|locale|app)[\\/])/,
              priority: 2,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
} satisfies UserConfig;

/**
 * Two pages from one build: the residents' portal at / (small: no Ant Design, no charts) and the
 * staff console at /console/. In dev (`npm run dev -w @grassroots/web`) the API is proxied to the
 * server on :3000, so both faces reload as they are edited.
 */
export default defineConfig(({ command, mode }) => {
  // `vite build` run from a test runner (NODE_ENV=test, as the e2e suite and the benchmarks do) would otherwise ship
  // React's development build, twice as slow to load; only `--mode development` or NODE_ENV=development asks for that
  if (command === 'build' && mode === 'production' && process.env.NODE_ENV !== 'development')
    process.env.NODE_ENV = 'production';
  return config;
});
