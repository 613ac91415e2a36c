import type { Created, HouseholdView, NewHousehold } from '@grassroots/contracts';
import type { Actor } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import {
  findHouseholdHeadInScope,
  findPersonsWithHouseholdInScope,
  findVillageInScope,
  householdNumberExists,
  householdOf,
  insertHousehold,
  insertHouseholdMembers,
} from './registry.repository.ts';
import { personScope } from './registry.service.ts';

const householdNotFound = () =>
  new AppError(404, 'not_found', '户不存在或不在您的辖区内', 'Household not found or outside your jurisdiction');

const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'];

/** Households (户): members with their relation to the head, and exactly one head. */
export class HouseholdsService {
  constructor(private readonly db: Db) {}

  async create(actor: Actor, input: NewHousehold): Promise<Created> {
    const scope = personScope(actor, 'person.write');
    const heads = input.members.filter((m) => m.relation === 'head');
    if (heads.length !== 1) throw badInput('members', '每户必须有且只有一名户主', 'A household needs exactly one head');
    input.members.forEach((m, i) => {
      if (!RELATIONS.includes(m.relation))
        throw badInput(
          `members.${i}.relation`,
          `与户主关系应为：${RELATIONS.join('、')}`,
          `relation must be one of ${RELATIONS.join(', ')}`,
        );
    });
    if (new Set(input.members.map((m) => m.personId)).size !== input.members.length)
      throw badInput('members', '成员重复', 'A person is listed twice');
    return this.db.transaction().execute(async (tx) => {
      const division = await findVillageInScope(tx, input.divisionCode, scope);
      if (!division) {
        throw badInput(
          'divisionCode',
          '所属村（社区）不存在或不在您的辖区内',
          'Village/community not found or outside your jurisdiction',
        );
      }
      if (await householdNumberExists(tx, input.number))
        throw conflict('household_exists', `户号 ${input.number} 已存在`, `Household ${input.number} exists`);
      // members are looked up within the actor's reach: a person of another township is "not found", never enrolled
      const persons = await findPersonsWithHouseholdInScope(
        tx,
        input.members.map((m) => m.personId),
        scope,
      );
      input.members.forEach((m, i) => {
        const p = persons.find((x) => x.id === m.personId);
        if (!p)
          throw badInput(
            `members.${i}.personId`,
            '人员不存在或不在您的辖区内',
            'Person not found or outside your jurisdiction',
          );
        if (p.household_id)
          throw new AppError(
            409,
            'already_in_household',
            '该人员已属于另一户',
            'This person already belongs to a household',
            `members.${i}.personId`,
          );
      });
      const hh = await insertHousehold(tx, {
        number: input.number,
        division_code: input.divisionCode,
        address: input.address,
      });
      await insertHouseholdMembers(
        tx,
        input.members.map((m) => ({ household_id: hh.id, person_id: m.personId, relation: m.relation })),
      );
      await recordAudit(tx, {
        action: 'household.create',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'household',
        targetId: hh.id,
        divisionCode: input.divisionCode,
        details: { number: input.number, members: input.members.length },
      });
      return { id: hh.id };
    });
  }

  async get(actor: Actor, number: string): Promise<HouseholdView> {
    const scope = personScope(actor, 'person.read');
    const head = await findHouseholdHeadInScope(this.db, number, scope);
    const household = head && (await householdOf(this.db, head.person_id));
    if (!household) throw householdNotFound();
    return household;
  }
}
