import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

describe('divisions and re-zoning', () => {
  it('holds China to county level from the GB/T 2260 seed', async () => {
    const county = await app.db
      .selectFrom('divisions')
      .selectAll()
      .where('code', '=', '140882')
      .executeTakeFirstOrThrow();
    expect(county).toMatchObject({ name: '河津市', level: 3, parent_code: '140800', path: '/140000/140800/140882/' });
    const provinces = await app.db.selectFrom('divisions').select('code').where('level', '=', 1).execute();
    expect(provinces.length).toBeGreaterThanOrEqual(31);
  });

  it('refuses a code that does not fit its parent', async () => {
    await expect(
      app.org.addDivision(undefined, { code: '14088210100', name: '短码', parentCode: '140882' }),
    ).rejects.toMatchObject({ field: 'code' });
    await expect(
      app.org.addDivision(undefined, { code: '140881100000', name: '别县乡', parentCode: '140882' }),
    ).rejects.toMatchObject({ field: 'code' });
  });

  it('keeps old codes on records after two townships merge, and shows them under the successor', async () => {
    const towns = await app.org.children('140882');
    const [from, into] = [towns[towns.length - 1]!, towns[towns.length - 2]!];
    const village = (await app.org.children(from.code))[0]!;
    const personBefore = await app.db
      .selectFrom('persons')
      .select(['id', 'division_code'])
      .where('division_code', '=', village.code)
      .limit(1)
      .executeTakeFirstOrThrow();
    await app.org.mergeDivision(undefined, { fromCode: from.code, intoCode: into.code, effective: '2026-07-01' });
    const merged = await app.db
      .selectFrom('divisions')
      .selectAll()
      .where('code', '=', from.code)
      .executeTakeFirstOrThrow();
    expect(merged).toMatchObject({ valid_until: '2026-06-30', successor_code: into.code, parent_code: '140882' });
    // the record keeps its code …
    const personAfter = await app.db
      .selectFrom('persons')
      .select('division_code')
      .where('id', '=', personBefore.id)
      .executeTakeFirstOrThrow();
    expect(personAfter.division_code).toBe(village.code);
    // … and a worker of the successor township now finds it in her jurisdiction
    const intoPath = (
      await app.db.selectFrom('divisions').select('path').where('code', '=', into.code).executeTakeFirstOrThrow()
    ).path;
    const clerk = { ...(await actorNamed(app, 'clerk')), divisionPath: intoPath };
    const found = await app.registry.search(clerk, { address: village.name, limit: 200 });
    expect(found.map((p) => p.id)).toContain(personBefore.id);
    // the tree as it stood before the merge still lists the old township; after, it does not
    expect((await app.org.children('140882', '2026-06-30')).map((t) => t.code)).toContain(from.code);
    expect((await app.org.children('140882', '2026-07-01')).map((t) => t.code)).not.toContain(from.code);
    await expect(
      app.org.mergeDivision(undefined, { fromCode: from.code, intoCode: into.code, effective: '2026-08-01' }),
    ).rejects.toMatchObject({ code: 'already_ended' });
  });

  it('splits a township: the new one takes over the chosen villages and their records, the old one keeps the rest', async () => {
    const towns = (await app.org.children('140882')).filter((t) => !t.valid_until);
    const from = towns[0]!;
    const villages = (await app.org.children(from.code)).filter((v) => !v.valid_until);
    const moved = villages[villages.length - 1]!;
    const person = await app.db
      .selectFrom('persons')
      .select('id')
      .where('division_code', '=', moved.code)
      .limit(1)
      .executeTakeFirstOrThrow();
    const newCode = `${from.code.slice(0, 6)}199000`;
    await expect(
      app.org.splitDivision(undefined, {
        fromCode: from.code,
        newCode,
        newName: '新区街道',
        childCodes: villages.map((v) => v.code),
        effective: '2026-10-01',
      }),
    ).rejects.toMatchObject({ field: 'childCodes' });
    await expect(
      app.org.splitDivision(undefined, {
        fromCode: from.code,
        newCode,
        newName: '新区街道',
        childCodes: ['140882999999'],
        effective: '2026-10-01',
      }),
    ).rejects.toMatchObject({ field: 'childCodes' });
    await app.org.splitDivision(undefined, {
      fromCode: from.code,
      newCode,
      newName: '新区街道',
      childCodes: [moved.code],
      effective: '2026-10-01',
    });
    const created = await app.db
      .selectFrom('divisions')
      .selectAll()
      .where('code', '=', newCode)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      name: '新区街道',
      parent_code: '140882',
      split_from: from.code,
      valid_from: '2026-10-01',
      valid_until: null,
      level: 4,
    });
    const after = await app.db
      .selectFrom('divisions')
      .select(['parent_code', 'path'])
      .where('code', '=', moved.code)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ parent_code: newCode, path: `${created.path}${moved.code}/` });
    expect((await app.org.children(from.code)).map((v) => v.code)).not.toContain(moved.code);
    // the person keeps the village code and is now in the new township's jurisdiction, no longer in the old one's
    const inNew = { ...(await actorNamed(app, 'clerk')), divisionPath: created.path };
    const inOld = {
      ...(await actorNamed(app, 'clerk')),
      divisionPath: (
        await app.db.selectFrom('divisions').select('path').where('code', '=', from.code).executeTakeFirstOrThrow()
      ).path,
    };
    const search = (actor: typeof inNew) => app.registry.search(actor, { address: moved.name, limit: 200 });
    expect((await search(inNew)).map((p) => p.id)).toContain(person.id);
    expect((await search(inOld)).map((p) => p.id)).not.toContain(person.id);
    await expect(
      app.org.splitDivision(undefined, {
        fromCode: from.code,
        newCode,
        newName: '重复',
        childCodes: [villages[0]!.code],
        effective: '2026-10-01',
      }),
    ).rejects.toMatchObject({ code: 'division_exists' });
  });
});
