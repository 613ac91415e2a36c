export { RegistryService, personScope } from './registry.service.ts';
export { cleanPerson, personColumns, searchTokens, TRACKED_FIELDS } from './registry.rules.ts';
