import { defineModule } from '../../core/module.ts';
import { publicationRoutes } from './publications.routes.ts';

/** 办事指南: the handbook and the cards of each item, as PDFs. */
export const publicationsModule = defineModule({
  name: 'publications',
  needs: [],
  build: (ctx) => ({ service: undefined, routes: (s) => publicationRoutes(s, ctx) }),
});
