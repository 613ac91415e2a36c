export { RegistryService, personScope } from './registry.service.ts';
export { cleanPerson, personColumns, searchTokens, TRACKED_FIELDS } from './registry.rules.ts';
export { AgentsService } from './agents.service.ts';
export { currentAgentOf } from './agents.repository.ts';
