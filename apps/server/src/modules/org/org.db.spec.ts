import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { personScope } from '../registry/index.ts';
import { searchPersons } from '../registry/registry.repository.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

describe('divisions and re-zoning', () => {
  it('holds China to county level from the GB/T 2260 seed', async () => {
    const county = await app.db.selectFrom('divisions').selectAll().where('code', '=', '140882').executeTakeFirstOrThrow();
    expect(county).toMatchObject({ name: '河津市', level: 3, parent_code: '140800', path: '/140000/140800/140882/' });
    const provinces = await app.db.selectFrom('divisions').select('code').where('level', '=', 1).execute();
    expect(provinces.length).toBeGreaterThanOrEqual(31);
  });

  it('refuses a code that does not fit its parent', async () => {
    await expect(app.org.addDivision(undefined, { code: '14088210100', name: '短码', parentCode: '140882' })).rejects.toMatchObject({ field: 'code' });
    await expect(app.org.addDivision(undefined, { code: '140881100000', name: '别县乡', parentCode: '140882' })).rejects.toMatchObject({ field: 'code' });
  });

  it('keeps old codes on records after two townships merge, and shows them under the successor', async () => {
    const towns = await app.org.children('140882');
    const [from, into] = [towns[towns.length - 1]!, towns[towns.length - 2]!];
    const village = (await app.org.children(from.code))[0]!;
    const personBefore = await app.db.selectFrom('persons').select(['id', 'division_code']).where('division_code', '=', village.code).limit(1).executeTakeFirstOrThrow();
    await app.org.mergeDivision(undefined, { fromCode: from.code, intoCode: into.code, effective: '2026-07-01' });
    const merged = await app.db.selectFrom('divisions').selectAll().where('code', '=', from.code).executeTakeFirstOrThrow();
    expect(merged).toMatchObject({ valid_until: '2026-06-30', successor_code: into.code, parent_code: '140882' });
    // the record keeps its code …
    const personAfter = await app.db.selectFrom('persons').select('division_code').where('id', '=', personBefore.id).executeTakeFirstOrThrow();
    expect(personAfter.division_code).toBe(village.code);
    // … and a worker of the successor township now finds it in her jurisdiction
    const intoPath = (await app.db.selectFrom('divisions').select('path').where('code', '=', into.code).executeTakeFirstOrThrow()).path;
    const clerk = { ...(await actorNamed(app, 'clerk')), divisionPath: intoPath };
    const found = await searchPersons(app.db, personScope(clerk, 'person.read'), { householdNumber: undefined, limit: 500, name: undefined, address: village.name });
    expect(found.map((p) => p.id)).toContain(personBefore.id);
    // the tree as it stood before the merge still lists the old township; after, it does not
    expect((await app.org.children('140882', '2026-06-30')).map((t) => t.code)).toContain(from.code);
    expect((await app.org.children('140882', '2026-07-01')).map((t) => t.code)).not.toContain(from.code);
    await expect(app.org.mergeDivision(undefined, { fromCode: from.code, intoCode: into.code, effective: '2026-08-01' })).rejects.toMatchObject({ code: 'already_ended' });
  });
});
