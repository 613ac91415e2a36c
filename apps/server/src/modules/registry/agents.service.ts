import {
  type AgentRegistration,
  type AgentView,
  type Created,
  maskPhone,
  type RevokedAgent,
} from '@grassroots/contracts';
import type { Actor } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, today } from '../../core/time.ts';
import { agentsOf, findCurrentAgentByPhone, insertAgent, lockAgent, markAgentRevoked } from './agents.repository.ts';
import { findPersonInScope } from './registry.repository.ts';
import { personScope } from './registry.service.ts';

const notInReach = () =>
  new AppError(404, 'not_found', '人员不存在或不在您的辖区内', 'Person not found or outside your jurisdiction');
/** An authority longer than this is not one a clerk should record without a fresh document. */
const MAX_YEARS = 5;

/**
 * 委托代理人: a clerk who has seen the document (委托书 …) registers, for a person in her reach, the
 * agent who may apply for her on the portal; and revokes it. Reading needs person.read, changing
 * needs person.write, both over the person (404 outside the reach, as for the person herself).
 */
export class AgentsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, personId: string): Promise<AgentView[]> {
    if (!(await findPersonInScope(this.db, personId, personScope(actor, 'person.read')))) throw notInReach();
    const day = today(this.clock);
    return (await agentsOf(this.db, personId)).map((a) => ({
      id: a.id,
      name: a.name,
      phone: a.phone_masked,
      relationship: a.relationship,
      document: a.document,
      validUntil: a.valid_until,
      status: a.revoked_at ? 'revoked' : a.valid_until < day ? 'expired' : 'current',
      registeredAt: a.registered_at.toISOString(),
      registeredBy: a.registeredBy,
      revokedAt: a.revoked_at?.toISOString() ?? null,
      revokedBy: a.revokedBy,
      revokeReason: a.revoke_reason,
    }));
  }

  async register(actor: Actor, personId: string, input: AgentRegistration): Promise<Created> {
    const person = await findPersonInScope(this.db, personId, personScope(actor, 'person.write'));
    if (!person) throw notInReach();
    const day = today(this.clock);
    const latest = `${Number(day.slice(0, 4)) + MAX_YEARS}${day.slice(4)}`;
    if (input.validUntil < day)
      throw badInput('validUntil', '有效期不能早于今天', 'The end of validity cannot be before today', 'invalid_date');
    if (input.validUntil > latest)
      throw badInput(
        'validUntil',
        `有效期最长 ${MAX_YEARS} 年，到期后凭新的委托材料重新登记`,
        `At most ${MAX_YEARS} years; register again with a new document after that`,
        'invalid_date',
      );
    if (person.phone_enc && this.cipher.decrypt(person.phone_enc) === input.phone) {
      throw badInput(
        'phone',
        '这是本人登记的手机号，本人可直接申请，无需登记代理人',
        "This is the person's own registered mobile; she can apply herself",
        'own_phone',
      );
    }
    return this.db.transaction().execute(async (tx) => {
      // looked up under every key of the ring, so a registration made before a key rotation still counts
      if (await findCurrentAgentByPhone(tx, personId, this.cipher.blindIndexes(input.phone), day)) {
        throw conflict(
          'agent_exists',
          '该手机号已登记为此人的代理人；如需变更，请先撤销原登记',
          'That mobile is already a current agent of this person; revoke it first to change it',
        );
      }
      const row = await insertAgent(tx, {
        person_id: personId,
        name: input.name,
        phone_enc: this.cipher.encrypt(input.phone),
        phone_bidx: this.cipher.blindIndex(input.phone),
        phone_masked: maskPhone(input.phone),
        relationship: input.relationship,
        document: input.document,
        valid_until: input.validUntil,
        registered_by: actor.id,
        registered_at: this.clock(),
      });
      // the audit entry names the agent and the document, never the number
      await recordAudit(tx, {
        action: 'person.agent_registered',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'person',
        targetId: personId,
        divisionCode: person.division_code,
        details: {
          agent: row.id,
          relationship: input.relationship,
          document: input.document,
          validUntil: input.validUntil,
          phone: maskPhone(input.phone),
        },
      });
      return { id: row.id };
    });
  }

  async revoke(actor: Actor, personId: string, agentId: string, reason: string): Promise<RevokedAgent> {
    const person = await findPersonInScope(this.db, personId, personScope(actor, 'person.write'));
    if (!person) throw notInReach();
    return this.db.transaction().execute(async (tx) => {
      const agent = await lockAgent(tx, personId, agentId);
      if (!agent) throw new AppError(404, 'not_found', '代理人登记不存在', 'No such agent registration');
      if (agent.revoked_at)
        throw conflict('agent_revoked', '该代理人登记已撤销', 'This agent registration is already revoked');
      const at = this.clock();
      await markAgentRevoked(tx, agentId, { at, by: actor.id, reason });
      await recordAudit(tx, {
        action: 'person.agent_revoked',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'person',
        targetId: personId,
        divisionCode: person.division_code,
        details: { agent: agentId, reason },
      });
      return { id: agentId, revokedAt: at };
    });
  }
}
