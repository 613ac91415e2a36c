import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../core/config.ts';
import { MODULES } from '../modules.ts';

// The console's case page is generic: a case type declares its extra panels by name, and the page
// draws whatever the type names. A type code written into the generic page is the old special case back.
const casesFeature = path.join(repoRoot, 'apps/web/src/console/features/cases');
const caseTypes = MODULES.flatMap((m) => m.caseTypes ?? []);

describe('case-type panels by declaration', () => {
  it('the generic case pages name no case type', () => {
    expect(caseTypes.length).toBeGreaterThan(5);
    for (const file of readdirSync(casesFeature).filter((f) => /\.tsx?$/.test(f))) {
      const text = readFileSync(path.join(casesFeature, file), 'utf8');
      for (const type of caseTypes) expect(text, `${file} names ${type.code}`).not.toContain(`'${type.code}'`);
    }
  });

  it('every panel a case type declares is one the console has', () => {
    const registry = readFileSync(path.join(casesFeature, 'casePanels.ts'), 'utf8');
    const body = registry.slice(registry.indexOf('CASE_PANELS'));
    const known = [...body.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]);
    const declared = caseTypes.flatMap((t) => t.panels ?? []);
    expect(declared).toContain('allowance');
    for (const name of declared) expect(known, `panel ${name}`).toContain(name);
  });
});
