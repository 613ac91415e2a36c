import { agencyModule } from './modules/agency/index.ts';
import { assistanceModule } from './modules/assistance/index.ts';
import { careModule } from './modules/care/index.ts';
import { catalogueModule } from './modules/catalogue/index.ts';
import { complaintsModule } from './modules/complaints/index.ts';
import { dutyModule } from './modules/duty/index.ts';
import { evaluationModule } from './modules/evaluation/index.ts';
import { orgModule } from './modules/org/index.ts';
import { portalModule } from './modules/portal/index.ts';
import { publicationsModule } from './modules/publications/index.ts';
import { registryModule } from './modules/registry/index.ts';
import { serviceApplicationModule } from './modules/service-application/index.ts';
import { centreModule } from './modules/service-centre/index.ts';

/**
 * The product's modules, in build order (a module comes after those it needs). Adding a module is a
 * folder under modules/ and one line here.
 */
export const MODULES = [
  orgModule,
  registryModule,
  portalModule,
  serviceApplicationModule,
  catalogueModule,
  centreModule,
  evaluationModule,
  publicationsModule,
  agencyModule,
  dutyModule,
  assistanceModule,
  careModule,
  complaintsModule,
] as const;
