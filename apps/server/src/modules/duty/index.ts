import { defineModule } from '../../core/module.ts';
import { dutyRoutes } from './duty.routes.ts';

/** 值日: the leaders' duty rota and the day's duty log. */
export const dutyModule = defineModule({
  name: 'duty',
  needs: [],
  build: (ctx) => ({ service: undefined, routes: (s) => dutyRoutes(s, ctx) }),
});
