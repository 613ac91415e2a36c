import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../auth/actor.ts';
import { type SubjectType, SubjectRegistry } from './case-subjects.ts';

let app: App;
let clerk: Actor;
let supervisor: Actor;

beforeAll(async () => {
  app = await testApp();
  [clerk, supervisor] = await Promise.all([actorNamed(app, 'clerk'), actorNamed(app, 'supervisor')]);
});
afterAll(() => app?.close());

const resolve = (type: SubjectType, id: string, actor: Actor) =>
  app.db.transaction().execute((tx) => app.caseTypes.subjects.get(type)!(tx, id, actor));

/** One row of a subject table with its division's path, inside or outside a path prefix. */
const rowOf = async (table: 'persons' | 'households' | 'organisations' | 'complaints', inside: boolean) => {
  const { rows } = await sql<{ id: string; division_code: string; path: string }>`
    SELECT s.id, s.division_code, d.path FROM ${sql.table(table)} s JOIN divisions d ON d.code = s.division_code
    WHERE (d.path LIKE ${`${clerk.divisionPath}%`}) = ${inside} ORDER BY s.id LIMIT 1`.execute(app.db);
  return rows[0];
};

describe('the subjects cases are opened on, each resolved by the module that owns its type', () => {
  it('finds a person inside the reach by her name, and none outside it unless a grant reaches everywhere', async () => {
    const inside = (await rowOf('persons', true))!;
    const person = await app.db
      .selectFrom('persons')
      .select('name')
      .where('id', '=', inside.id)
      .executeTakeFirstOrThrow();
    expect(await resolve('person', inside.id, clerk)).toEqual({
      id: inside.id,
      name: person.name,
      divisionCode: inside.division_code,
      divisionPath: inside.path,
    });
    const outside = (await rowOf('persons', false))!;
    expect(await resolve('person', outside.id, clerk)).toBeUndefined();
    expect(await resolve('person', outside.id, supervisor)).toMatchObject({
      id: outside.id,
      divisionPath: outside.path,
    });
    expect(await resolve('person', '00000000-0000-0000-0000-000000000000', supervisor)).toBeUndefined();
  });

  it('names a household by its number, an organisation by its name, a matter by its complainant or 匿名', async () => {
    const household = (await rowOf('households', false))!;
    const { number } = await app.db
      .selectFrom('households')
      .select('number')
      .where('id', '=', household.id)
      .executeTakeFirstOrThrow();
    expect(await resolve('household', household.id, supervisor)).toMatchObject({ name: number });
    const place = clerk.divisionCode;
    const org = await app.db
      .insertInto('organisations')
      .values({ name: '河津市某物业有限公司', kind: 'property_company', division_code: place })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    expect(await resolve('organisation', org.id, clerk)).toMatchObject({ name: org.name, divisionCode: place });
    const category = await app.db.selectFrom('complaint_categories').select('code').limit(1).executeTakeFirstOrThrow();
    const matter = await app.db
      .insertInto('complaints')
      .values({
        case_id: null,
        kind: 'complaint',
        channel: 'hotline',
        category_code: category.code,
        division_code: place,
        address: null,
        lat: null,
        lng: null,
        description: '路灯不亮',
        complainant_name: null,
        complainant_phone_enc: null,
        complainant_phone_bidx: null,
        complainant_phone_masked: null,
        person_id: null,
        parties: JSON.stringify([]),
        previous_case_id: null,
        received_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await resolve('complaint', matter.id, clerk)).toMatchObject({ name: '匿名', divisionCode: place });
  });

  it('refuses to open a case on a subject outside the reach, as on one that does not exist', async () => {
    const outside = (await rowOf('persons', false))!;
    await expect(
      app.cases.open(clerk, {
        typeCode: 'service_application',
        title: 'x',
        subject: { type: 'person', id: outside.id },
        fields: { item: 'x' },
      }),
    ).rejects.toThrow(/Subject not found or outside your jurisdiction/);
  });

  it('refuses at start a subject type cases do not know, or one two modules resolve', () => {
    const registry = new SubjectRegistry();
    const none = async () => undefined;
    registry.register('a', { person: none });
    expect(() => registry.register('b', { person: none })).toThrow(/person, which another module already resolves/);
    expect(() => registry.register('c', { vehicle: none } as never)).toThrow(/vehicle, which cases do not know/);
  });
});
