import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/api-client.ts';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

let app: App;
let api: ApiClient;

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('assistance rules over HTTP', () => {
  it('takes a rule version from the system administrator and serves the one in force to case workers', async () => {
    const admin = await api.login('sysadmin');
    // demo figures, not an official standard
    const body = {
      programme: 'ruralMinimumAllowance',
      divisionCode: '140882',
      effectiveFrom: '2026-07-01',
      monthlyStandardFen: 56_000,
      countedIncomeKinds: ['wages', 'farming'],
      classes: [{ code: 'A', label: 'A类', reverifyMonths: 12 }],
      basis: '示例文件〔2026〕2号',
      rounding: 'yuanUp',
    };
    const bad = await api.call(admin, 'POST', '/api/v1/assistance/rules', { ...body, rounding: 'sometimes' });
    expect([bad.statusCode, bad.json().field]).toEqual([400, 'rounding']);
    expect((await api.call(admin, 'POST', '/api/v1/assistance/rules', body)).statusCode).toBe(201);
    expect((await api.call(admin, 'POST', '/api/v1/assistance/rules', body)).statusCode).toBe(409);
    const clerk = await api.login('clerk');
    const inForce = await api.call(
      clerk,
      'GET',
      '/api/v1/assistance/rules/in-force?programme=ruralMinimumAllowance&divisionCode=140882001001&on=2026-09-30',
    );
    expect(inForce.json()).toMatchObject({
      programme: 'ruralMinimumAllowance',
      monthlyStandardFen: 56_000,
      rounding: 'yuanUp',
      excludedIncomeKinds: [],
      id: expect.any(String),
    });
  });
});
