import type { ActRequest } from '@grassroots/contracts';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { AppError, badInput } from '../errors.ts';
import { validateFields } from './case-fields.ts';
import type { CaseType, CaseTypeRegistry } from './case-type.ts';
import type { LoggedAction } from './derive.ts';

/** The type, or the 400 a request naming an unknown one gets. */
export function requireType(types: CaseTypeRegistry, code: string): CaseType {
  const t = types.get(code);
  if (!t) throw badInput('typeCode', `办件类型 ${code} 不存在`, `Unknown case type ${code}`);
  return t;
}

/** What an action stores once checked: its inputs and its opinion (trimmed; empty is none). */
export interface CheckedAction {
  inputs: Record<string, unknown>;
  opinion: string | null;
}

export type TypeActionSpec = CaseType['actions'][number];

/** The engine's own actions and the permission each needs (a case type cannot redefine them). */
export const ENGINE: Record<
  'transfer' | 'assign' | 'setAssisting' | 'supervise',
  { permission: 'case.act' | 'case.transfer' | 'case.supervise' }
> = {
  transfer: { permission: 'case.transfer' },
  assign: { permission: 'case.act' },
  setAssisting: { permission: 'case.transfer' },
  supervise: { permission: 'case.supervise' },
};
export type EngineCode = keyof typeof ENGINE;
export const isEngineAction = (action: string): action is EngineCode => Object.hasOwn(ENGINE, action);

/** The fields, opinion and attachments the type's action asks for, and the clock's ceiling on extensions. */
export function checkTypeAction(
  spec: TypeActionSpec,
  input: Pick<ActRequest, 'fields' | 'opinion' | 'attachments'>,
  type: CaseType,
  log: LoggedAction[],
): CheckedAction {
  const fields = validateFields(spec.fields, input.fields);
  const opinion = input.opinion?.trim() || null;
  if (spec.opinion === 'required' && !opinion)
    throw badInput('opinion', `「${spec.label}」需要填写意见`, `${spec.code} needs an opinion`);
  if (spec.opinion === 'none' && opinion)
    throw badInput('opinion', `「${spec.label}」不接受意见`, `${spec.code} takes no opinion`);
  if (spec.attachments === 'required' && input.attachments.length === 0)
    throw badInput('attachments', `「${spec.label}」需要上传附件`, `${spec.code} needs an attachment`);
  for (const [clockCode, effect] of Object.entries(spec.clocks)) {
    if (effect !== 'extend') continue;
    const clock = type.clocks.find((c) => c.code === clockCode)!;
    const already = log
      .filter((a) => type.actions.find((x) => x.code === a.action)?.clocks[clockCode] === 'extend')
      .reduce((sum, a) => sum + Number((a.inputs.fields as Record<string, unknown>)?.days ?? 0), 0);
    if (already + (fields.days as number) > clock.maxExtensionDays) {
      throw new AppError(
        409,
        'extension_exceeds_maximum',
        `${clock.label}最多可延长 ${clock.maxExtensionDays} 天，已延长 ${already} 天`,
        `${clock.code} may be extended by at most ${clock.maxExtensionDays} days; ${already} already used`,
        'fields.days',
        { maxExtensionDays: clock.maxExtensionDays, used: already },
      );
    }
  }
  return { inputs: { fields }, opinion };
}

/** An engine action's inputs, checked against the departments and staff they name. */
export async function checkEngineAction(
  tx: Tx,
  action: EngineCode,
  input: Pick<ActRequest, 'fields' | 'opinion'>,
  owningDepartmentId: string,
): Promise<CheckedAction> {
  const f = input.fields;
  const opinion = input.opinion?.trim() || null;
  const department = async (id: unknown, field: string) => {
    if (
      typeof id !== 'string' ||
      !/^[0-9a-f-]{36}$/.test(id) ||
      !(await tx
        .selectFrom('departments')
        .select('id')
        .where('id', '=', id)
        .where('active', '=', true)
        .executeTakeFirst())
    ) {
      throw badInput(field, '部门不存在', 'Department not found');
    }
    return id;
  };
  switch (action) {
    case 'transfer': {
      if (!opinion) throw badInput('opinion', '转办需要说明理由', 'A transfer needs a reason');
      const to = await department(f.toDepartmentId, 'fields.toDepartmentId');
      if (to === owningDepartmentId)
        throw badInput('fields.toDepartmentId', '不能转给本部门', 'Cannot transfer to the owning department');
      return { inputs: { toDepartmentId: to, assigneeId: null }, opinion };
    }
    case 'assign': {
      const user = await tx
        .selectFrom('users')
        .select(['id', 'department_id'])
        .where('id', '=', String(f.assigneeId ?? ''))
        .executeTakeFirst()
        .catch(() => undefined);
      if (!user || user.department_id !== owningDepartmentId)
        throw badInput('fields.assigneeId', '只能指派给承办部门的人员', 'Assignee must work in the owning department');
      return { inputs: { assigneeId: user.id }, opinion };
    }
    case 'setAssisting': {
      const ids = Array.isArray(f.departmentIds) ? f.departmentIds : [];
      for (const [i, id] of ids.entries()) await department(id, `fields.departmentIds.${i}`);
      return { inputs: { departmentIds: [...new Set(ids as string[])] }, opinion };
    }
    case 'supervise':
      if (!opinion) throw badInput('opinion', '督办需要填写督办意见', 'Supervision needs an opinion');
      return { inputs: {}, opinion };
  }
}

/** 不相容岗位分离: whoever took one of the actions named in `notBy` may not take this one. */
export function checkSeparationOfDuties(spec: TypeActionSpec, type: CaseType, log: LoggedAction[], actor: Actor) {
  const own = log.find((a) => a.actorId === actor.id && spec.notBy.includes(a.action));
  if (!own) return;
  const label = type.actions.find((a) => a.code === own.action)?.label ?? own.action;
  throw new AppError(
    403,
    'separation_of_duties',
    `您已在本办件中执行「${label}」，不能再执行「${spec.label}」`,
    `You took ${own.action} on this case and may not also take ${spec.code}`,
    undefined,
    { action: spec.code, conflictsWith: own.action },
  );
}
