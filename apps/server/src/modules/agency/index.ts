import { defineModule } from '../../core/module.ts';
import { agencyRoutes } from './agency.routes.ts';

/** 代办: matters handled on a resident's behalf by a village agent. */
export const agencyModule = defineModule({
  name: 'agency',
  needs: [],
  build: (ctx) => ({ service: undefined, routes: (s) => agencyRoutes(s, ctx) }),
});
