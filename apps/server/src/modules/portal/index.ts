export { caseByNumberAndTail, trackCase } from './portal.service.ts';
export { RESIDENT_COOKIE } from './resident-auth.service.ts';
