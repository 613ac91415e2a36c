import { describe, expect, it } from 'vitest';
import { minimumAllowanceType } from '../../src/modules/assistance/minimum-allowance.workflow.ts';
import { serviceApplicationType } from '../../src/modules/service-application/service-application.workflow.ts';
import { loadConfig } from '../../src/core/config.ts';
import { CaseTypeRegistry } from '../../src/core/cases/case-type.ts';

describe('case types', () => {
  it("take a deployment's own time limits by type and clock", () => {
    const config = loadConfig({ GRASSROOTS_CLOCK_LIMITS: '{"minimum_allowance.statutory": 25}' } as NodeJS.ProcessEnv);
    const registry = new CaseTypeRegistry(config.GRASSROOTS_CLOCK_LIMITS);
    expect(registry.register(minimumAllowanceType).clocks[0]!.limitDays).toBe(25);
    expect(registry.register(serviceApplicationType).clocks.map((c) => c.limitDays)).toEqual([5, 20]);
    expect(() =>
      loadConfig({ GRASSROOTS_CLOCK_LIMITS: '{"minimum_allowance.statutory": "soon"}' } as NodeJS.ProcessEnv),
    ).toThrow(/GRASSROOTS_CLOCK_LIMITS/);
  });

  it('refuses separation of duties that names an action the type does not have', () => {
    const broken = {
      ...serviceApplicationType,
      code: 'broken',
      actions: serviceApplicationType.actions.map((a) => (a.code === 'decide' ? { ...a, notBy: ['investigate'] } : a)),
    };
    expect(() => new CaseTypeRegistry().register(broken)).toThrow(/unknown action investigate/);
  });
});
