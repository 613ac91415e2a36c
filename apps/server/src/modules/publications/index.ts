import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './publications.schema.ts';
import { defineModule } from '../../core/module.ts';
import { publicationRoutes } from './publications.routes.ts';

/** 办事指南: the handbook and the cards of each item, as PDFs. */
export const publicationsModule = defineModule({
  name: 'publications',
  needs: [],
  migrations: path.join(import.meta.dirname, 'migrations'),
  build: (ctx) => ({ service: undefined, routes: (s) => publicationRoutes(s, ctx) }),
});
