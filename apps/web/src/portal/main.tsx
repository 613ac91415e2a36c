import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from '@tanstack/react-router';
import './i18n.ts';
import './portal.css';
import { router } from './router.tsx';
import { applyTextSize } from './textSize.ts';

applyTextSize();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
