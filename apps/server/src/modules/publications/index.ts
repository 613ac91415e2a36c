import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './publications.schema.ts';
import { defineModule } from '../../core/module.ts';
import { publicationRoutes } from './publications.routes.ts';
import { PublicationsService } from './publications.service.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    publications: PublicationsService;
  }
}

/** 办事指南: the handbook and the cards of each item, as PDFs. */
export const publicationsModule = defineModule({
  name: 'publications',
  needs: ['catalogue'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  build: (ctx) => {
    // a card's QR code points at the guide, wherever the server is reached (known once it listens)
    const service = new PublicationsService(
      ctx.db,
      ctx.files,
      ctx.clock,
      () => `${ctx.publicUrl()}/guide`,
      // the printed guide shows the catalogue's current items, read through the catalogue
      (codes) => ctx.catalogue.currentOfDepartments(codes),
    );
    return { service, routes: (s) => publicationRoutes(s, service) };
  },
});
