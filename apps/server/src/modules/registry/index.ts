import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './registry.schema.ts';
export { RegistryService, personScope } from './registry.service.ts';
export { cleanPerson, personColumns, searchTokens, TRACKED_FIELDS } from './registry.rules.ts';
export { AgentsService } from './agents.service.ts';
export { currentAgentOf } from './agents.repository.ts';

import { subjectInDivision } from '../../core/cases/case-subjects.ts';
import { defineModule } from '../../core/module.ts';
import { RegistryService as Registry } from './registry.service.ts';
import { householdRoutes, registryImportRoutes, registryRoutes } from './registry.routes.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    registry: Registry;
  }
}

/** The population register: persons, households, agents; imports; reveal of protected fields. */
export const registryModule = defineModule({
  name: 'registry',
  needs: [],
  migrations: path.join(import.meta.dirname, 'migrations'),
  permissions: ['person.read', 'person.write', 'person.reveal', 'registry.import'],
  // what cases are opened on here: persons by name, households by number
  subjects: { person: subjectInDivision('persons', 'name'), household: subjectInDivision('households', 'number') },
  settings: ['GRASSROOTS_MAX_UPLOAD_MB', 'GRASSROOTS_MAX_UNPACKED_MB'],
  build: (ctx) => {
    const service = new Registry(ctx.db, ctx.cipher, ctx.clock);
    const self = { ...ctx, registry: service };
    return {
      service,
      routes: async (server) => {
        await registryRoutes(server, self);
        await registryImportRoutes(server, self);
        await householdRoutes(server, self);
      },
    };
  },
});
