import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../core/config.ts';
import { PORTAL_PAGES } from './web-assets.ts';

describe('portal deep links', () => {
  it("are served for every page the portal's router has (a page missing here is a 404 on reload)", () => {
    const router = readFileSync(path.join(repoRoot, 'apps/web/src/portal/router.tsx'), 'utf8');
    const pages = [...router.matchAll(/page\(\s*'([^']+)'/g)].map((m) => m[1]);
    expect(pages.length).toBeGreaterThan(5);
    expect([...pages].sort()).toEqual([...PORTAL_PAGES].sort());
  });
});
