import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './portal.schema.ts';
export { type CaseCredentials, caseForResident, type PortalCaller, trackCase } from './portal.service.ts';
export {
  checkQueryCodeForm,
  formatQueryCode,
  limitedLookup,
  type LookupLimits,
  lookupLimitsOf,
  normaliseQueryCode,
  queryCodeMatches,
} from './case-access.ts';
export { RESIDENT_COOKIE } from './resident-auth.service.ts';
export { portalCaller } from './portal.routes.ts';

import { defineModule } from '../../core/module.ts';
import { portalRoutes } from './portal.routes.ts';
import { ResidentAuthService } from './resident-auth.service.ts';

export interface PortalModule {
  /** residents' sign-in by SMS code, and their sessions */
  residents: ResidentAuthService;
}

declare module '../../core/module.ts' {
  interface ModuleServices {
    portal: PortalModule;
  }
}

/** The residents' side: sign-in by SMS code, case tracking by number and query code, directories. */
export const portalModule = defineModule({
  name: 'portal',
  needs: [],
  reads: ['registry', 'complaints'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  settings: ['GRASSROOTS_LOOKUP_FAILURES_PER_ADDRESS', 'GRASSROOTS_LOOKUP_FAILURES_PER_CASE', 'COOKIE_SECURE'],
  build: (ctx) => {
    const service: PortalModule = { residents: new ResidentAuthService(ctx.db, ctx.cipher, ctx.sms, ctx.clock) };
    return { service, routes: (server) => portalRoutes(server, { ...ctx, portal: service }) };
  },
});
