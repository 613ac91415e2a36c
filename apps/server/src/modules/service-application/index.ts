export { serviceApplicationType } from './service-application.workflow.ts';
