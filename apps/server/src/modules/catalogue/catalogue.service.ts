import { Readable } from 'node:stream';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import { SHEET_CONTENT_TYPES, type SheetFormat, writeSheet } from '../../core/documents/spreadsheet.ts';
import { HashingStream, readRows } from '../../core/documents/table-reader.ts';
import type { UploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import type { Clock } from '../../core/time.ts';
import {
  departmentCodeExists,
  findItem,
  insertItemVersion,
  itemCodeExists,
  listAllCurrentItems,
  listCurrentItems,
  lockCurrentVersion,
  retireVersion,
  searchCurrentItems,
  listCurrentItemsOfDepartments,
} from './catalogue.repository.ts';
import { parseServiceItem, searchTextOf, type ServiceItem } from './catalogue.rules.ts';
import { itemToRow, rowToInput, SHEET_COLUMNS } from './catalogue.sheet.ts';

const notFound = (code: string) => new AppError(404, 'not_found', `事项 ${code} 不存在`, `No item ${code}`);

/**
 * 办事指南: items with every element of the national guide, one row per version. An edit writes a
 * new version and retires the old from new applications; an open case keeps the version it has.
 */
export class CatalogueService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The current items of these departments (public: what the guide and the printed cards show). */
  currentOfDepartments(departmentCodes: string[]) {
    return listCurrentItemsOfDepartments(this.db, departmentCodes);
  }

  /** A new item, its guide as the contract parsed it (a plain object goes through `parseServiceItem` first). */
  async create(actor: Actor, item: ServiceItem) {
    requirePermission(actor, 'config.manage');
    return this.db.transaction().execute(async (tx) => {
      if (await itemCodeExists(tx, item.code))
        throw conflict(
          'item_exists',
          `事项编码 ${item.code} 已存在；修改请保存为新版本`,
          `Item ${item.code} exists; an edit is a new version`,
        );
      return this.write(tx, actor, item, 1);
    });
  }

  /** 修订: the next version, refused (409) when someone else saved one since it was read. */
  async revise(actor: Actor, code: string, expectedVersion: number, item: ServiceItem) {
    requirePermission(actor, 'config.manage');
    if (item.code !== code) throw badInput('code', '事项编码不能修改', 'The item code cannot change');
    return this.db.transaction().execute(async (tx) => {
      const current = await lockCurrentVersion(tx, code);
      if (!current) throw notFound(code);
      if (current.version !== expectedVersion)
        throw conflict(
          'version_conflict',
          `事项已被他人修订（当前第 ${current.version} 版），请刷新后重试`,
          `The item changed (now version ${current.version}); reload and try again`,
          { currentVersion: current.version },
        );
      await retireVersion(tx, current.id);
      return this.write(tx, actor, item, current.version + 1);
    });
  }

  private async write(tx: Tx, actor: Actor, item: ServiceItem, version: number) {
    if (!(await departmentCodeExists(tx, item.departmentCode)))
      throw badInput('departmentCode', `部门 ${item.departmentCode} 不存在`, `No department ${item.departmentCode}`);
    const { code, name, kind, departmentCode, handlingMode, statutoryDays, promisedDays, limitUnit, ...guide } = item;
    const row = await insertItemVersion(tx, {
      code,
      version,
      name,
      kind,
      department_code: departmentCode,
      handling_mode: handlingMode,
      statutory_days: statutoryDays,
      promised_days: promisedDays,
      limit_unit: limitUnit,
      guide: JSON.stringify(guide),
      search_text: searchTextOf(item),
      created_by: actor.username,
      created_at: this.clock(),
    });
    await recordAudit(tx, {
      action: 'catalogue.item_saved',
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      targetType: 'service_item',
      targetId: row.id,
      details: { code, version },
    });
    return { id: row.id, code, version: row.version };
  }

  /** An item as it is now, or as a given version was. */
  async get(code: string, version?: number) {
    const row = await findItem(this.db, code, version);
    if (!row) throw notFound(code);
    return toItem(row);
  }

  /**
   * Search by Chinese fragments, tolerant of a wrong or missing character: a substring anywhere in
   * name, code, conditions and materials, or trigram word similarity ≥ 0.3. The two are asked
   * apart and united so that each uses the trigram index (an OR of them scans every item).
   */
  async search(q: string, limit = 20) {
    const term = q.trim();
    if (!term) return listCurrentItems(this.db, limit);
    return searchCurrentItems(this.db, term, limit);
  }

  async exportSheet(format: SheetFormat) {
    const rows = await listAllCurrentItems(this.db);
    const body = await writeSheet(
      format,
      '办事指南',
      SHEET_COLUMNS.map(([h]) => h),
      rows.map((r) => itemToRow(toItem(r))),
      [18, 24, 12, 16, 14, 30, 30, 40, 24],
    );
    return { fileName: `catalogue.${format}`, contentType: SHEET_CONTENT_TYPES[format], body };
  }

  /** Import: every bad row reported with its line, nothing stored unless all are good; known codes become new versions. */
  async importSheet(actor: Actor, bytes: Buffer, format: SheetFormat, limits?: UploadLimits) {
    requirePermission(actor, 'config.manage');
    let header: string[] = [];
    const items: Array<{ line: number; item: ServiceItem }> = [];
    const problems: Array<{ line: number; field: string; message: string }> = [];
    let record = 1;
    for await (const r of readRows(Readable.from(bytes), format, new HashingStream(), limits)) {
      if ('header' in r) {
        header = r.header;
        continue;
      }
      // the row as a spreadsheet shows it: a CSV cell with line breaks is still one row
      const line = format === 'csv' ? ++record : r.line;
      try {
        items.push({ line, item: parseServiceItem(rowToInput(header, r.cells)) });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        problems.push({ line, field: e.field ?? '', message: e.messageZh });
      }
    }
    const codes = items.map((i) => i.item.code);
    for (const [k, i] of items.entries())
      if (codes.indexOf(i.item.code) !== k)
        problems.push({ line: i.line, field: 'code', message: `事项编码 ${i.item.code} 重复` });
    if (problems.length)
      throw new AppError(
        422,
        'import_refused',
        `有 ${problems.length} 行有误，整份未导入`,
        `${problems.length} bad row(s); nothing was imported`,
        'file',
        { problems },
      );
    return this.db.transaction().execute(async (tx) => {
      let created = 0;
      let revised = 0;
      for (const { item, line } of items) {
        const current = await lockCurrentVersion(tx, item.code);
        try {
          if (current) await retireVersion(tx, current.id);
          await this.write(tx, actor, item, (current?.version ?? 0) + 1);
        } catch (e) {
          if (e instanceof AppError)
            throw new AppError(
              422,
              'import_refused',
              `第 ${line} 行：${e.messageZh}`,
              `Line ${line}: ${e.messageEn}`,
              'file',
              { problems: [{ line, field: e.field ?? '', message: e.messageZh }] },
            );
          throw e;
        }
        if (current) revised++;
        else created++;
      }
      return { created, revised };
    });
  }
}

function toItem(row: {
  code: string;
  version: number;
  name: string;
  kind: string;
  department_code: string;
  handling_mode: string;
  statutory_days: number;
  promised_days: number;
  limit_unit: string;
  guide: unknown;
}) {
  return {
    ...(row.guide as object),
    code: row.code,
    version: row.version,
    name: row.name,
    kind: row.kind,
    departmentCode: row.department_code,
    handlingMode: row.handling_mode,
    statutoryDays: row.statutory_days,
    promisedDays: row.promised_days,
    limitUnit: row.limit_unit,
  } as ServiceItem & { version: number };
}
