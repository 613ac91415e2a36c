import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './ConsoleApp.tsx';
import './i18n.ts';
// Ant Design's styles as one static sheet: the theme runs in zero-runtime mode (see ConsoleApp.tsx)
import 'antd/dist/antd.css';
import './console.css';
import { queryClient } from './queryClient.ts';
import { prefetchMe } from './session.ts';

// before React's first render: the router's own loading starts only after it
prefetchMe(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
