export { OrgService, loadChinaDivisions } from './org.service.ts';
export { insertDivisions, getDivision } from './org.repository.ts';
