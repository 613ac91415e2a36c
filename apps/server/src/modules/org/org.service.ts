import type { AddDivision, MergeDivision, SplitDivision } from '@grassroots/contracts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { repoRoot } from '../../core/config.ts';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import { AppError, badInput, conflict, notFound } from '../../core/errors.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';
import {
  type DivisionRow,
  getDivision,
  insertDepartment,
  insertDivisions,
  listChildren,
  listCurrentChildrenAmong,
  markDivisionEnded,
  markSplitFrom,
  rewritePaths,
  setParent,
} from './org.repository.ts';

export const chinaSeedFile = path.join(repoRoot, 'data', 'divisions', 'china-to-county.csv');

/** Provinces, cities and counties (GB/T 2260, cut 2023-06-30), idempotent. */
export async function loadChinaDivisions(db: Executor): Promise<number> {
  const text = await readFile(chinaSeedFile, 'utf8');
  const rows: DivisionRow[] = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code, name, level, parent] = line.split(',');
      return { code: code!, name: name!, level: Number(level), parentCode: parent || null };
    });
  await insertDivisions(db, rows);
  return rows.length;
}

const LEVEL_DIGITS: Record<number, number> = { 1: 6, 2: 6, 3: 6, 4: 12, 5: 12, 6: 15 };

export class OrgService {
  constructor(private readonly db: Db) {}

  /** Adds a township, village/community or grid below an existing node (maintained per deployment). */
  async addDivision(actor: Actor | undefined, input: AddDivision) {
    if (actor) requirePermission(actor, 'division.manage');
    return this.db.transaction().execute((tx) => this.addDivisionIn(tx, actor, input));
  }

  private async addDivisionIn(tx: Tx, actor: Actor | undefined, input: AddDivision) {
    const parent = await getDivision(tx, input.parentCode);
    if (!parent)
      throw badInput(
        'parentCode',
        `上级区划 ${input.parentCode} 不存在`,
        `Parent division ${input.parentCode} does not exist`,
      );
    const level = parent.level + 1;
    if (input.code.length !== LEVEL_DIGITS[level] || !/^\d+$/.test(input.code)) {
      throw badInput(
        'code',
        `第${level}级区划代码应为${LEVEL_DIGITS[level]}位数字`,
        `A level-${level} code has ${LEVEL_DIGITS[level]} digits`,
      );
    }
    if (level >= 4 && !input.code.startsWith(parent.code.slice(0, level === 4 ? 6 : 9))) {
      throw badInput('code', '区划代码应以上级代码开头', "Code must begin with its parent's code");
    }
    if (await getDivision(tx, input.code))
      throw conflict('division_exists', `区划代码 ${input.code} 已存在`, `Division ${input.code} already exists`);
    await insertDivisions(tx, [
      {
        code: input.code,
        name: input.name,
        level,
        parentCode: parent.code,
        ...(input.validFrom ? { validFrom: input.validFrom } : {}),
      },
    ]);
    await recordAudit(tx, {
      action: 'division.add',
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? 'cli',
      targetType: 'division',
      targetId: input.code,
      divisionCode: input.code,
      details: input,
    });
  }

  /**
   * Re-zoning (撤并): `from` ends the day before `effective` and `into` succeeds it. Records keep the
   * codes they were made under; the old subtree is re-rooted under the successor, so they still
   * appear in the successor's jurisdiction.
   */
  async mergeDivision(actor: Actor | undefined, input: MergeDivision) {
    if (actor) requirePermission(actor, 'division.manage');
    return this.db.transaction().execute(async (tx) => {
      const from = await getDivision(tx, input.fromCode);
      const into = await getDivision(tx, input.intoCode);
      if (!from) throw notFound('Division', '区划', input.fromCode);
      if (!into) throw notFound('Division', '区划', input.intoCode);
      if (from.level !== into.level)
        throw badInput('intoCode', '只能并入同级区划', 'Can only merge into a division of the same level');
      if (from.valid_until) throw new AppError(409, 'already_ended', '该区划已撤销', 'This division has already ended');
      await markDivisionEnded(tx, from.code, shiftDate(input.effective, -1), into.code);
      await rewritePaths(tx, from.path, `${into.path}${from.code}/`);
      await recordAudit(tx, {
        action: 'division.merge',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        targetType: 'division',
        targetId: from.code,
        divisionCode: into.code,
        details: input,
      });
    });
  }

  /**
   * Splitting (分设): a new division beside `from`, from `effective` on, takes over the listed
   * children. `from` lives on with the rest; records keep their codes and follow their village,
   * whose subtree is re-rooted under the new division.
   */
  async splitDivision(actor: Actor | undefined, input: SplitDivision) {
    if (actor) requirePermission(actor, 'division.manage');
    return this.db.transaction().execute(async (tx) => {
      const from = await getDivision(tx, input.fromCode);
      if (!from) throw notFound('Division', '区划', input.fromCode);
      if (from.valid_until) throw new AppError(409, 'already_ended', '该区划已撤销', 'This division has already ended');
      if (!from.parent_code) throw badInput('fromCode', '顶级区划不能分设', 'A top-level division cannot be split');
      if (!input.childCodes.length)
        throw badInput('childCodes', '请选择划入新区划的下级区划', 'Choose the children the new division takes over');
      const children = await listCurrentChildrenAmong(tx, from.code, input.childCodes);
      const stray = input.childCodes.find((c) => !children.some((d) => d.code === c));
      if (stray)
        throw badInput(
          'childCodes',
          `${stray} 不是 ${from.name} 的现行下级区划`,
          `${stray} is not a current child of ${from.code}`,
        );
      if (children.length === (await listChildren(tx, from.code, input.effective)).length) {
        throw badInput(
          'childCodes',
          '分设后原区划应至少保留一个下级区划（全部划出请用撤并）',
          'The old division must keep at least one child (to move all, merge instead)',
        );
      }
      await this.addDivisionIn(tx, actor, {
        code: input.newCode,
        name: input.newName,
        parentCode: from.parent_code,
        validFrom: input.effective,
      });
      await markSplitFrom(tx, input.newCode, from.code);
      const created = (await getDivision(tx, input.newCode))!;
      for (const child of children) {
        await setParent(tx, child.code, created.code);
        await rewritePaths(tx, child.path, `${created.path}${child.code}/`);
      }
      await recordAudit(tx, {
        action: 'division.split',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        targetType: 'division',
        targetId: from.code,
        divisionCode: created.code,
        details: input,
      });
    });
  }

  children(code: string, onDate?: string) {
    return listChildren(this.db, code, onDate);
  }

  async createDepartment(
    actor: Actor | undefined,
    input: { code: string; name: string; kind: string; divisionCode: string; phone?: string },
  ) {
    if (actor) requirePermission(actor, 'department.manage');
    return this.db.transaction().execute(async (tx) => {
      if (!(await getDivision(tx, input.divisionCode)))
        throw badInput(
          'divisionCode',
          `区划 ${input.divisionCode} 不存在`,
          `Division ${input.divisionCode} does not exist`,
        );
      const row = await insertDepartment(tx, {
        code: input.code,
        name: input.name,
        kind: input.kind,
        division_code: input.divisionCode,
        phone: input.phone ?? null,
      });
      await recordAudit(tx, {
        action: 'department.create',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        targetType: 'department',
        targetId: row.id,
        divisionCode: input.divisionCode,
        details: input,
      });
      return row;
    });
  }
}
