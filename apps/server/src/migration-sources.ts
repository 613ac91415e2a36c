import path from 'node:path';
// Each module's table types join `Tables` (core/db/schema.ts) by declaration merging, which works only
// where the file is part of the program: every program that composes the server loads this one.
import type {} from './modules/agency/agency.schema.ts';
import type {} from './modules/assistance/assistance.schema.ts';
import type {} from './modules/care/care.schema.ts';
import type {} from './modules/catalogue/catalogue.schema.ts';
import type {} from './modules/complaints/complaints.schema.ts';
import type {} from './modules/duty/duty.schema.ts';
import type {} from './modules/evaluation/evaluation.schema.ts';
import type {} from './modules/org/org.schema.ts';
import type {} from './modules/portal/portal.schema.ts';
import type {} from './modules/publications/publications.schema.ts';
import type {} from './modules/registry/registry.schema.ts';
import type {} from './modules/service-centre/service-centre.schema.ts';

/**
 * The module folders whose SQL migrations the core's runner applies with its own, in one global name
 * order (core/db/migrations/README.md). A module with tables lists its folder here; the list moves
 * into the module manifests once every module has one.
 */
export const migrationSources: readonly string[] = [
  'agency',
  'assistance',
  'care',
  'catalogue',
  'complaints',
  'duty',
  'evaluation',
  'org',
  'portal',
  'publications',
  'registry',
  'service-centre',
].map((module) => path.join(import.meta.dirname, 'modules', module, 'migrations'));
