import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each module owns its tables (its `*.schema.ts`): it alone writes them. Another module may join them
 * for reading in its repositories, and says so in its manifest's `reads`. This reads the source: every
 * table a module's code names, by the query builder or in raw SQL, against the owners and the manifests.
 */
const root = import.meta.dirname;
const folders = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const sourcesOf = (folder: string) =>
  readdirSync(path.join(root, folder))
    .filter((f) => /\.ts$/.test(f) && !/\.(spec|testkit)\.ts$/.test(f))
    .map((f) => ({ file: `${folder}/${f}`, text: readFileSync(path.join(root, folder, f), 'utf8') }));

const owner = new Map<string, string>();
const manifest = new Map<string, { name: string; reads: string[] }>();
for (const folder of folders) {
  for (const { file, text } of sourcesOf(folder)) {
    if (file.endsWith('.schema.ts'))
      for (const [, table] of text.matchAll(/^\s+(\w+): \w+Table;/gm)) owner.set(table!, folder);
    if (file.endsWith('/index.ts')) {
      const name = /defineModule\(\{\s*name: '([\w-]+)'/.exec(text)?.[1];
      const reads = /\breads: \[([^\]]*)\]/.exec(text)?.[1] ?? '';
      if (name) manifest.set(folder, { name, reads: [...reads.matchAll(/'([\w-]+)'/g)].map((m) => m[1]!) });
    }
  }
}
const folderOf = (name: string) => [...manifest].find(([, m]) => m.name === name)?.[0];

const WRITE =
  /\b(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'(\w+)|\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)/g;
const READ = /\b(?:selectFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'(\w+)|\b(?:FROM|JOIN)\s+(\w+)/g;

/** The other modules' tables a module's code writes, and those it reads, with where. */
function crossings(folder: string) {
  const writes: string[] = [];
  const reads = new Map<string, string[]>();
  for (const { file, text } of sourcesOf(folder)) {
    for (const m of text.matchAll(WRITE)) {
      const table = m[1] ?? m[2]!;
      const o = owner.get(table);
      if (o && o !== folder) writes.push(`${file} writes ${table} (owned by ${o})`);
    }
    for (const m of text.matchAll(READ)) {
      const table = m[1] ?? m[2]!;
      const o = owner.get(table);
      if (o && o !== folder) reads.set(o, [...(reads.get(o) ?? []), `${table} in ${file}`]);
    }
  }
  return { writes, reads };
}

describe('each module owns its tables', () => {
  it('knows the owners (the check can fail: it finds the tables and the manifests)', () => {
    expect(owner.get('persons')).toBe('registry');
    expect(owner.get('assistance_entitlements')).toBe('assistance');
    expect(manifest.get('service-centre')?.name).toBe('centre');
    expect(crossings('care').reads.has('registry')).toBe(true);
  });

  it('no module writes another module’s table', () => {
    expect(folders.flatMap((f) => crossings(f).writes)).toEqual([]);
  });

  it('a module reads another’s tables only when its manifest says so in `reads`, and says no more', () => {
    const problems: string[] = [];
    for (const folder of folders) {
      const declared = (manifest.get(folder)?.reads ?? []).map((n) => folderOf(n) ?? `unknown module ${n}`);
      const { reads } = crossings(folder);
      for (const [o, where] of reads)
        if (!declared.includes(o)) problems.push(`${folder} reads ${o}'s tables undeclared: ${where.join(', ')}`);
      for (const d of declared) if (!reads.has(d)) problems.push(`${folder} declares reads of ${d} but reads none`);
    }
    expect(problems).toEqual([]);
  });
});
