import type { Created, NewPerson, PersonDetail, PersonQuery, PersonView } from '@grassroots/contracts';
import { type Actor, type Scope, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { cleanPerson, personColumns, TRACKED_FIELDS } from './registry.rules.ts';
import {
  findPersonByBlindIndex,
  findPersonInScope,
  findVillageUnderScopePaths,
  getDepartmentCode,
  householdOf,
  insertPerson,
  searchPersons,
} from './registry.repository.ts';

/** Persons belong to divisions, not departments: a department-scoped grant reaches the department's division subtree. */
export function personScope(actor: Actor, permission: 'person.read' | 'person.write' | 'person.reveal'): Scope {
  const scope = requireScope(actor, permission);
  return scope.departmentIds.length
    ? { all: scope.all, departmentIds: [], divisionPaths: [...new Set([...scope.divisionPaths, actor.divisionPath])] }
    : scope;
}

const notInReach = () =>
  new AppError(404, 'not_found', '人员不存在或不在您的辖区内', 'Person not found or outside your jurisdiction');

type PersonRow = NonNullable<Awaited<ReturnType<typeof findPersonInScope>>>;

function personView(
  p: Omit<PersonRow, 'id_number_enc' | 'phone_enc'>,
  revealed?: { idNumber: string; phone: string | null },
): PersonView {
  return {
    id: p.id,
    idNumber: revealed?.idNumber ?? p.id_number_masked,
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    ethnicity: p.ethnicity,
    phone: revealed ? revealed.phone : p.phone_masked,
    registeredAddress: p.registered_address,
    residenceAddress: p.residence_address,
    residenceType: p.residence_type,
    maritalStatus: p.marital_status,
    disabilityGrade: p.disability_grade,
    isVeteran: p.is_veteran,
    divisionCode: p.division_code,
    provenance: p.provenance,
  };
}

export class RegistryService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly clock: () => Date,
  ) {}

  async create(actor: Actor, input: NewPerson): Promise<Created> {
    const scope = personScope(actor, 'person.write');
    const r = cleanPerson(input, shanghaiDateOf(this.clock()));
    if (!r.ok) {
      const first = r.problems[0]!;
      throw new AppError(400, 'invalid_person', first.message, first.messageEn, first.field, { errors: r.problems });
    }
    return this.db.transaction().execute(async (tx) => {
      const division = await findVillageUnderScopePaths(tx, r.person.divisionCode, scope);
      if (!division)
        throw badInput(
          'divisionCode',
          '所属村（社区）不存在或不在您的辖区内',
          'Village/community not found or outside your jurisdiction',
        );
      if (await findPersonByBlindIndex(tx, this.cipher.blindIndexes(r.person.idNumber)))
        throw conflict('person_exists', '该公民身份号码已登记', 'A person with this ID number is already registered');
      const dept = await getDepartmentCode(tx, actor.departmentId);
      const at = this.clock().toISOString();
      const provenance = Object.fromEntries(
        TRACKED_FIELDS.filter((f) => r.person[f] !== null).map((f) => [f, { source: dept.code, at }]),
      );
      const row = await insertPerson(tx, personColumns(r.person, this.cipher, provenance));
      await recordAudit(tx, {
        action: 'person.create',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'person',
        targetId: row.id,
        divisionCode: r.person.divisionCode,
      });
      return { id: row.id };
    });
  }

  async get(actor: Actor, id: string): Promise<PersonDetail> {
    const p = await findPersonInScope(this.db, id, personScope(actor, 'person.read'));
    if (!p) throw notInReach();
    return { ...personView(p), household: await householdOf(this.db, id) };
  }

  /** Shows the clear ID number and phone: needs person.reveal over the person, and leaves an audit entry. */
  async reveal(actor: Actor, id: string, reason: string): Promise<PersonView> {
    if (!reason?.trim())
      throw badInput('reason', '查看完整信息需要说明理由', 'A reason is required to reveal personal information');
    const p = await findPersonInScope(this.db, id, personScope(actor, 'person.reveal'));
    if (!p) throw notInReach();
    const revealed = {
      idNumber: this.cipher.decrypt(p.id_number_enc),
      phone: p.phone_enc ? this.cipher.decrypt(p.phone_enc) : null,
    };
    await this.db.transaction().execute((tx) =>
      recordAudit(tx, {
        action: 'person.reveal',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'person',
        targetId: id,
        divisionCode: p.division_code,
        details: { fields: ['idNumber', 'phone'], reason: reason.trim() },
      }),
    );
    return personView(p, revealed);
  }

  /** The persons matching every criterion given (`household` is the household's number); at most `limit`, 50 unless said. */
  async search(
    actor: Actor,
    q: Omit<PersonQuery, 'limit'> & { limit?: number | undefined },
    /** where to read: the read replica from a route (`reads.reader`), else the primary */
    from: Db = this.db,
  ): Promise<PersonView[]> {
    // a criterion of blanks is none: it must not widen the search to everyone in reach
    const name = q.name?.trim();
    const address = q.address?.trim();
    const household = q.household?.trim();
    if (!q.idNumber?.trim() && !q.phone?.trim() && !name && !address && !household)
      throw badInput(
        'q',
        '请输入身份证号、手机号、姓名、地址或户号',
        'Give an ID number, phone, name, address or household number',
      );
    const rows = await searchPersons(from, personScope(actor, 'person.read'), {
      ...(q.idNumber ? { idNumberBidx: this.cipher.blindIndexes(q.idNumber) } : {}),
      ...(q.phone ? { phoneBidx: this.cipher.blindIndexes(q.phone.trim()) } : {}),
      ...(name ? { name } : {}),
      ...(address ? { address } : {}),
      ...(household ? { householdNumber: household } : {}),
      limit: Math.min(q.limit ?? 50, 200),
    });
    return rows.map((r) => personView(r));
  }
}
