export { careRoutes } from './care.routes.ts';
export { startCareJobs, generateVisitTasks, visitDay } from './visit-tasks.ts';
