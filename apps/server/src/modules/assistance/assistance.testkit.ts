import { sql } from 'kysely';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { CaseView } from '../../core/cases/case.queries.ts';
import { recordUpload } from '../../core/documents/file-access.ts';
import { PHOTO } from '../../demo/demo.assistance.ts';

export { PHOTO };

/** Households of the area that have neither an entitlement nor an online application yet: free to apply in a test. */
export const householdsFreeToApply = (app: App, divisionCode: string) =>
  app.db
    .selectFrom('households as h')
    .where('h.division_code', '=', divisionCode)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM assistance_entitlements e WHERE e.household_id = h.id)`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM assistance_online_applications a WHERE a.household_id = h.id)`);

/** The home-visit photo, stored and uploaded by each of these workers (only its uploader may attach a file). */
export async function uploadedPhoto(app: App, ...by: Actor[]) {
  const { hash } = await app.files.put(app.db, PHOTO);
  for (const a of by) await recordUpload(app.db, hash, { userId: a.id });
  return hash;
}

/** A household of the actor's area with at least `members` members, and its member ids. */
export async function householdOf(app: App, divisionCode: string, members = 2, skip = 0) {
  const rows = await app.db
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['h.id', 'h.number', (e) => e.fn.countAll<string>().as('n')])
    .where('h.division_code', '=', divisionCode)
    .groupBy(['h.id', 'h.number'])
    .having((e) => e.fn.countAll(), '>=', members)
    .orderBy('h.number')
    .offset(skip)
    .limit(1)
    .execute();
  const h = rows[0];
  if (!h) throw new Error(`no household with ${members} members in ${divisionCode}`);
  const ids = (
    await app.db
      .selectFrom('household_members')
      .select('person_id')
      .where('household_id', '=', h.id)
      .orderBy('person_id')
      .execute()
  ).map((r) => r.person_id);
  return { id: h.id, number: h.number, memberIds: ids };
}

/** The investigation a worker records: the first member earns wages, the second a preferential-care pension (excluded). */
export function investigationFor(memberIds: string[], wagesFen = 50_000) {
  return {
    months: ['2026-08', '2026-09'],
    members: memberIds.map((personId, i) => ({
      personId,
      incomes:
        i === 0
          ? [
              { kind: 'wages', month: '2026-08', amountFen: wagesFen },
              { kind: 'wages', month: '2026-09', amountFen: wagesFen },
            ]
          : i === 1
            ? [
                { kind: 'preferentialCarePension', month: '2026-08', amountFen: 30_000 },
                { kind: 'preferentialCarePension', month: '2026-09', amountFen: 30_000 },
              ]
            : [],
    })),
    assets: { depositsFen: 120_000, vehicles: 0, housing: '自有砖混房2间' },
    homeVisit: {
      date: '2026-10-13',
      visitors: ['陈静', '刘芳'],
      findings: '户主在县城打零工，配偶长期患病，家中无其他收入来源。',
    },
  };
}

export type Act = (
  who: Actor,
  c: CaseView,
  action: string,
  fields?: Record<string, unknown>,
  opinion?: string,
  attachments?: string[],
) => Promise<CaseView>;

export const actWith =
  (app: App): Act =>
  async (who, c, action, fields = {}, opinion, attachments = []) =>
    (
      await app.cases.act(who, c.id, action, {
        expectedVersion: c.version,
        fields,
        ...(opinion ? { opinion } : {}),
        attachments,
      })
    ).case;

/**
 * Entitlements written straight to the tables, for tests and benchmarks of what follows enrolment
 * (payments, changes); the case that normally creates them is tested on its own.
 */
export async function enrolForTest(
  app: App,
  households: Array<{
    id: string;
    divisionCode: string;
    amountFen: number;
    account?: string | null;
    startMonth?: string;
  }>,
  programme = 'urbanMinimumAllowance',
) {
  const rule = await app.assistance.rules.versionFor(programme, households[0]!.divisionCode, '2026-10-01');
  const rows = await app.db
    .insertInto('assistance_entitlements')
    .values(
      households.map((h) => ({
        programme,
        household_id: h.id,
        beneficiary_id: h.id,
        division_code: h.divisionCode,
        rule_version_id: rule.id,
        inputs: '{}',
        computation: '{}',
        amount_fen: h.amountFen,
        class_code: 'A',
        start_month: h.startMonth ?? '2026-10-01',
        next_reverification: '2027-10-01',
        payee_name: `户主${h.id.slice(0, 4)}`,
        bank_name: h.account === null ? null : '河津农商银行',
        account_enc:
          h.account === null
            ? null
            : app.cipher.encrypt(h.account ?? `6217${h.id.replace(/\D/g, '').padEnd(15, '7').slice(0, 15)}`),
        account_masked: h.account === null ? null : '****0000',
        // as if keyed in by staff from the card: payable (an account typed online starts unverified)
        ...(h.account === null
          ? {}
          : { account_verified_at: new Date(), account_verified_against: 'staffEntry' as const }),
      })),
    )
    .returning(['id', 'household_id'])
    .execute();
  return rows;
}
