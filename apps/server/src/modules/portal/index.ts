export { type CaseCredentials, caseForResident, type PortalCaller, trackCase } from './portal.service.ts';
export {
  checkQueryCodeForm,
  formatQueryCode,
  limitedLookup,
  type LookupLimits,
  lookupLimitsOf,
  normaliseQueryCode,
  queryCodeMatches,
} from './case-access.ts';
export { RESIDENT_COOKIE } from './resident-auth.service.ts';
export { portalCaller } from './portal.routes.ts';
