import type { Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';

/** A person's record, her registered agents (委托代理人) and the reveal of her ID number: own and other township. */
export function personMatrixRows({ live, S, override }: MatrixContext): MatrixRow[] {
  // each role registers an agent of its own phone, so a refusal is never a duplicate's 409
  let agentPhones = 0;
  return [
    {
      endpoint: 'GET /persons/:id',
      side: 'own',
      run: async (s) => (await live().api.call(s, 'GET', `/api/v1/persons/${live().fx.ownPerson}`)).statusCode,
      expected: S(200, 403, ['clerk', 'community', 'reviewer', 'head', 'registrar', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /persons/:id',
      side: 'other',
      run: async (s) => (await live().api.call(s, 'GET', `/api/v1/persons/${live().fx.otherPerson}`)).statusCode,
      expected: override(S(200, 403, ['reviewer', 'head', 'registrar', 'approver', 'payer']), {
        clerk: 404,
        community: 404,
        township: 404,
      }),
    },
    {
      endpoint: 'GET /persons/:id/agents',
      side: 'other',
      run: async (s) => (await live().api.call(s, 'GET', `/api/v1/persons/${live().fx.otherPerson}/agents`)).statusCode,
      expected: override(S(200, 403, ['reviewer', 'head', 'registrar', 'approver', 'payer']), {
        clerk: 404,
        community: 404,
        township: 404,
      }),
    },
    {
      endpoint: 'POST /persons/:id/agents',
      side: 'other',
      run: async (s) =>
        (
          await live().api.call(s, 'POST', `/api/v1/persons/${live().fx.otherPerson}/agents`, {
            name: '矩阵',
            phone: `1390000${String(++agentPhones).padStart(4, '0')}`,
            relationship: '子女',
            document: '委托书',
            validUntil: '2099-01-01',
          })
        ).statusCode,
      // the county's registry officer reaches the second township (validUntil beyond five years: 400); the first township's workers do not
      expected: override(S(400, 403, ['registrar']), { clerk: 404, community: 404, township: 404 }),
    },
    {
      endpoint: 'POST /persons/:id/agents/:agentId/revoke',
      side: 'other',
      run: (() => {
        // one agent of the second township's person, registered by its own clerk; only the registry officer revokes it
        let agent: Promise<string> | undefined;
        const agentId = () =>
          (agent ??= (async () =>
            (
              await live()
                .app.db.insertInto('person_agents')
                .values({
                  person_id: live().fx.otherPerson,
                  name: '矩阵',
                  phone_enc: live().app.cipher.encrypt('13900001111'),
                  phone_bidx: live().app.cipher.blindIndex('13900001111'),
                  phone_masked: '139****1111',
                  relationship: '子女',
                  document: '委托书',
                  valid_until: '2099-01-01',
                  registered_by: (await actorNamed(live().app, 'clerk2')).id,
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id)());
        return async (s: Session) =>
          (
            await live().api.call(
              s,
              'POST',
              `/api/v1/persons/${live().fx.otherPerson}/agents/${await agentId()}/revoke`,
              { reason: '矩阵测试' },
            )
          ).statusCode;
      })(),
      expected: override(S(200, 403, ['registrar']), { clerk: 404, community: 404, township: 404 }),
    },
    {
      endpoint: 'POST /persons/:id/reveal',
      side: 'own',
      run: async (s) =>
        (await live().api.call(s, 'POST', `/api/v1/persons/${live().fx.ownPerson}/reveal`, { reason: '矩阵测试' }))
          .statusCode,
      expected: S(200, 403, ['head', 'registrar', 'approver']),
    },
  ];
}
