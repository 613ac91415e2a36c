import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { computeAllowance } from './allowance-rules.ts';
import { AssistanceRulesService } from './assistance-rules.service.ts';

let app: App;
let rules: AssistanceRulesService;

beforeAll(async () => {
  app = await testApp();
  rules = new AssistanceRulesService(app.db);
});
afterAll(async () => {
  await app?.close();
});

// demo figures, not an official standard
const rule = (divisionCode: string, effectiveFrom: string, monthlyStandardFen: number) => ({
  programme: 'exampleAllowance',
  divisionCode,
  effectiveFrom,
  monthlyStandardFen,
  countedIncomeKinds: ['wages', 'pension'],
  excludedIncomeKinds: ['careAllowance'],
  classes: [{ code: 'A', label: 'A类', reverifyMonths: 12 }],
  basis: '示例文件〔2026〕1号',
});

describe('assistance rule versions', () => {
  it("finds the version in force for a village: the county's own over the city's, the latest that has taken effect", async () => {
    const village = (await actorNamed(app, 'community')).divisionCode;
    const city = await rules.add(undefined, rule('140800', '2026-01-01', 78_000));
    const county = await rules.add(undefined, rule('140882', '2026-07-01', 79_000));
    expect((await rules.versionFor('exampleAllowance', village, '2026-03-01')).id).toBe(city.id);
    const inForce = await rules.allowanceVersionFor('exampleAllowance', village, '2026-09-30');
    expect(inForce).toMatchObject({ id: county.id, monthlyStandardFen: 79_000 });
    // what an entitlement records: the version id and the arithmetic under it
    expect(
      computeAllowance(inForce, {
        members: 2,
        months: ['2026-08'],
        incomes: [{ memberId: 'a', kind: 'wages', month: '2026-08', amountFen: 50_000 }],
      }),
    ).toMatchObject({ eligible: true, monthlyAmountFen: 108_000 });
    await expect(rules.versionFor('exampleAllowance', village, '2025-12-31')).rejects.toMatchObject({
      code: 'no_rule_version',
    });
    await expect(rules.versionFor('otherAllowance', village, '2026-09-30')).rejects.toMatchObject({
      code: 'no_rule_version',
    });
  });

  it('never edits a version: the same division and date is refused, and the refusal stores nothing', async () => {
    await rules.add(undefined, rule('140882', '2027-01-01', 80_000));
    await expect(rules.add(undefined, rule('140882', '2027-01-01', 99_000))).rejects.toMatchObject({
      status: 409,
      code: 'rule_version_exists',
    });
    const stored = await app.db
      .selectFrom('assistance_rule_versions')
      .select('rule')
      .where('effective_from', '=', '2027-01-01')
      .execute();
    expect(stored.map((r) => (r.rule as { monthlyStandardFen: number }).monthlyStandardFen)).toEqual([80_000]);
  });

  it('names the bad field of an invalid rule, and needs the configuration permission', async () => {
    await expect(
      rules.add(undefined, { ...rule('140882', '2027-02-01', 80_000), monthlyStandardFen: 780.5 }),
    ).rejects.toMatchObject({ status: 400, field: 'monthlyStandardFen' });
    await expect(rules.add(undefined, rule('999999', '2027-02-01', 80_000))).rejects.toMatchObject({
      field: 'divisionCode',
    });
    await expect(rules.add(await actorNamed(app, 'clerk'), rule('140882', '2027-03-01', 80_000))).rejects.toMatchObject(
      { status: 403 },
    );
    expect(await rules.add(await actorNamed(app, 'sysadmin'), rule('140882', '2027-03-01', 80_000))).toMatchObject({
      id: expect.any(String),
    });
  });
});
