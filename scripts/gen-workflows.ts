/**
 * Writes docs/WORKFLOWS.md from the case-type definitions and the hand-written parts around them.
 * Run after changing a *.workflow.ts or docs/workflows-{intro,other}.md: `npm run docs:workflows`;
 * a test (apps/server/src/docs/workflows-doc.spec.ts) fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { allCaseTypes } from '../apps/server/src/docs/case-type-list.ts';
import { DOCS_DIR, renderWorkflows } from '../apps/server/src/docs/workflows-doc.ts';

const file = path.join(DOCS_DIR, 'WORKFLOWS.md');
writeFileSync(file, renderWorkflows(allCaseTypes()));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
