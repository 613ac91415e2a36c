export { caseByNumberAndTail, trackCase } from './portal.service.ts';
