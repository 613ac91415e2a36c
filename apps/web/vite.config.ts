import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Two pages from one build: the residents' portal at / (small: no Ant Design, no charts) and the
 * staff console at /console/. In dev (`npm run dev -w @grassroots/web`) the API is proxied to the
 * server on :3000, so both faces reload as they are edited.
 */
export default defineConfig({
  plugins: [
    react(),
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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        portal: resolve(import.meta.dirname, 'index.html'),
        console: resolve(import.meta.dirname, 'console/index.html'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
