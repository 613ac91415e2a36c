// The import's worker thread entry. A worker starts as plain Node: like bin/grassroots.mjs, it
// registers tsx's loader (in its own namespace, so a loader the parent already has does not apply
// twice) before loading the TypeScript module that does the work.
import { register } from 'tsx/esm/api';

const api = register({ namespace: 'grassroots-import-worker' });
await api.import('./registry.import.worker.ts', import.meta.url);
