export { catalogueApplicationHooks, catalogueApplicationType } from './catalogue.workflow.ts';
export { CatalogueService } from './catalogue.service.ts';
