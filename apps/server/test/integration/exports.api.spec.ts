import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, type Session } from '../api-client.ts';
import { actorNamed, movableClock, personIn, testApp } from '../helpers.ts';
import type { App } from '../../src/compose.ts';
import { repoRoot } from '../../src/core/config.ts';
import { enrolForTest } from '../../src/modules/assistance/assistance.testkit.ts';

/**
 * CSV injection (OWASP): a value a resident, a clerk or an outsider typed, exported and opened in a
 * clerk's Excel, must not run as a formula. Each export of the product is listed here with a hostile
 * value planted where that export reads it; the guard at the end fails when a file writes CSV or XLSX
 * without the helper, or a new export appears that this list does not attack.
 */
const HYPERLINK = '=HYPERLINK("http://x","y")';

/** Every file that builds a CSV or XLSX through the helper, and the test below that attacks it. */
const EXPORTS: Record<string, string> = {
  'apps/server/src/core/audit/audit-export.ts': 'audit.csv',
  'apps/server/src/core/cases/case-export.ts': 'work list',
  'apps/server/src/modules/catalogue/catalogue.service.ts': 'catalogue sheet',
  'apps/server/src/modules/evaluation/scorecards.ts': 'scorecards',
  'apps/server/src/modules/assistance/payments.service.ts': 'bank file',
  'apps/server/src/modules/assistance/funds.service.ts': 'payments report',
  'apps/server/src/modules/registry/registry-imports.service.ts': 'import error report',
  'apps/server/src/demo/demo.csv.ts': 'demo import file',
};

let app: App;
let api: ApiClient;
let clerk: Session;
const day = movableClock('2026-11-02');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  api = await ApiClient.create(app);
  clerk = await api.login('clerk');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const csvRows = (body: Buffer | string) =>
  parse(body.toString().replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];

async function xlsxRows(body: Buffer): Promise<Array<Array<string | number>>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const rows: Array<Array<string | number>> = [];
  book.worksheets[0]!.eachRow((row) => {
    const cells: Array<string | number> = [];
    row.eachCell({ includeEmpty: true }, (cell) => {
      // a formula cell written from data is the attack itself
      expect(cell.type, `cell ${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
      cells.push(cell.value as string | number);
    });
    rows.push(cells);
  });
  return rows;
}

/** No text cell of the file starts like a formula, unless it is a plain number such as -12.50. */
function expectNoFormula(rows: Array<Array<string | number | null>>) {
  for (const cell of rows.flat()) {
    if (typeof cell !== 'string') continue;
    if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
    expect(cell, 'a cell that would run as a formula').not.toMatch(/^\s*[=+\-@＝＋－＠]|^[\t\r]/);
  }
}

async function both(fetch: (format: 'csv' | 'xlsx') => Promise<Buffer>) {
  const csv = csvRows(await fetch('csv'));
  const xlsx = await xlsxRows(await fetch('xlsx'));
  expectNoFormula(csv);
  expectNoFormula(xlsx);
  return { csv, xlsx };
}

describe('every export neutralises a hostile cell', () => {
  it('audit.csv: a formula typed as a username at the login form', async () => {
    const res = await api.call(undefined, 'POST', '/api/v1/auth/login', {
      username: HYPERLINK,
      password: 'whatever-1',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const auditor = await api.login('auditor');
    const out = await api.call(auditor, 'GET', '/api/v1/audit?format=csv&action=auth.login_failed&limit=50');
    expect(out.statusCode).toBe(200);
    const rows = csvRows(out.rawPayload);
    expectNoFormula(rows);
    expect(rows.map((r) => r[2])).toContain(`'${HYPERLINK}`);
  });

  it('work list (CSV and XLSX): a case titled with a formula', async () => {
    const actor = await actorNamed(app, 'clerk');
    const person = await personIn(app, actor.divisionCode.slice(0, 9));
    const opened = await api.call(clerk, 'POST', '/api/v1/cases', {
      typeCode: 'service_application',
      title: '+1+1',
      subject: { type: 'person', id: person.id },
      fields: { item: '+1+1' },
    });
    expect(opened.statusCode).toBe(201);
    const { csv, xlsx } = await both(
      async (format) =>
        (await api.call(clerk, 'GET', `/api/v1/cases/export?list=department&format=${format}`)).rawPayload,
    );
    expect(csv.map((r) => r[1])).toContain("'+1+1");
    expect(xlsx.map((r) => r[1])).toContain("'+1+1");
  });

  it('catalogue sheet: an item named with a formula goes out quoted and comes back unchanged', async () => {
    const item = await app.db
      .selectFrom('service_items')
      .select(['id', 'code'])
      .where('current', '=', true)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await app.db.updateTable('service_items').set({ name: '@SUM(A1)' }).where('id', '=', item.id).execute();
    const { csv, xlsx } = await both(
      async (format) => (await api.call(clerk, 'GET', `/api/v1/catalogue/export?format=${format}`)).rawPayload,
    );
    expect(csv.find((r) => r[0] === item.code)?.[1]).toBe("'@SUM(A1)");
    expect(xlsx.find((r) => r[0] === item.code)?.[1]).toBe("'@SUM(A1)");
    // the quote is the export's, not the data's: the same sheet read back names the item as it was
    const sysadmin = await api.login('sysadmin');
    const sheet = (await api.call(clerk, 'GET', '/api/v1/catalogue/export?format=xlsx')).rawPayload;
    const upload = multipartFile('catalogue.xlsx', sheet);
    const imported = await api.server.inject({
      method: 'POST',
      url: '/api/v1/catalogue/import',
      payload: upload.body,
      headers: { ...upload.headers, authorization: `Bearer ${sysadmin.token}` },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const now = await app.db
      .selectFrom('service_items')
      .select('name')
      .where('code', '=', item.code)
      .where('current', '=', true)
      .executeTakeFirstOrThrow();
    expect(now.name).toBe('@SUM(A1)');
  });

  it('scorecards: a member of staff whose display name is a formula', async () => {
    const actor = await actorNamed(app, 'clerk');
    await app.db.updateTable('users').set({ display_name: '-2+3' }).where('id', '=', actor.id).execute();
    const month = (
      await sql<{
        m: string;
      }>`SELECT to_char(max(at), 'YYYY-MM') AS m FROM case_actions WHERE actor_id = ${actor.id}`.execute(app.db)
    ).rows[0]!.m;
    const head = await api.login('centrehead');
    const { csv, xlsx } = await both(async (format) => {
      const res = await api.call(
        head,
        'GET',
        `/api/v1/evaluations/scorecards?month=${month}&by=staff&format=${format}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.rawPayload;
    });
    expect(csv.map((r) => r[1])).toContain("'-2+3");
    expect(xlsx.map((r) => r[1])).toContain("'-2+3");
    // counts stay numbers in the workbook
    expect(typeof xlsx.find((r) => r[1] === "'-2+3")![2]).toBe('number');
  });

  it('bank file and payments report: a payee and a class code that are formulas; amounts and accounts stay as the bank reads them', async () => {
    const [payer, approver] = await Promise.all([actorNamed(app, 'payer'), actorNamed(app, 'approver')]);
    const households = await app.db
      .selectFrom('households')
      .select(['id', 'division_code'])
      .orderBy('number')
      .limit(2)
      .execute();
    const ents = await enrolForTest(
      app,
      households.map((h, i) => ({ id: h.id, divisionCode: h.division_code, amountFen: [106_000, 30_001][i]! })),
    );
    await app.db
      .updateTable('assistance_entitlements')
      .set({ payee_name: HYPERLINK, class_code: '@SUM(A1)' })
      .where(
        'id',
        'in',
        ents.map((e) => e.id),
      )
      .execute();
    const draft = await app.assistance.payments.draft(payer, {
      programme: 'urbanMinimumAllowance',
      divisionCode: approver.divisionCode,
      period: '2026-11',
    });
    await app.assistance.payments.approve(approver, draft.id);
    const file = await app.assistance.payments.exportFile(payer, draft.id, 'ruralCredit');
    const { csv, xlsx } = await both(
      async (format) => (await app.assistance.payments.downloadFile(payer, file.id, format)).body,
    );
    for (const [rows, amounts] of [
      [csv, ['1060.00', '300.01']],
      [xlsx, [1060, 300.01]],
    ] as const) {
      const [header, ...lines] = rows;
      const col = (h: string) => header!.indexOf(h);
      expect(lines.map((l) => l[col('户名')])).toEqual([`'${HYPERLINK}`, `'${HYPERLINK}`]);
      // the amount: "1060.00" in CSV, a number cell (shown 0.00) in XLSX, as a bank's import expects
      expect(lines.map((l) => l[col('金额（元）')]).sort()).toEqual([...amounts].sort());
      // an account is text, all its digits kept (a number cell would print 6.217E+18)
      expect(
        lines.every((l) => typeof l[col('卡号')] === 'string' && /^6217\d{15}$/.test(String(l[col('卡号')]))),
      ).toBe(true);
    }
    const refs = csv.slice(1).map((r) => [r[5], r[3]]);
    await app.assistance.payments.importReturn(
      payer,
      file.id,
      Buffer.from(`业务参考号,金额,处理结果\n${refs.map((r) => `${r[0]},${r[1]},成功`).join('\n')}\n`),
      'csv',
    );
    const report = await both(async (format) => (await app.assistance.funds.reportSheet(payer, 2026, format)).body);
    expect(report.csv.map((r) => r[2])).toContain("'@SUM(A1)");
    expect(report.xlsx.map((r) => r[2])).toContain("'@SUM(A1)");
  });

  it('import error report: a reason that starts with a tab and a formula', async () => {
    const registrar = await api.login('registrar');
    const village = (await personIn(app, (await actorNamed(app, 'registrar')).divisionCode.slice(0, 6))).division_code;
    const upload = multipartFile(
      'p.csv',
      Buffer.from(`公民身份号码,姓名,所属村社区代码\n11010519491231002X,张三,${village}\n`),
    );
    const res = await api.server.inject({
      method: 'POST',
      url: '/api/v1/imports/persons',
      payload: upload.body,
      headers: { ...upload.headers, authorization: `Bearer ${registrar.token}` },
    });
    const id = res.json().id as string;
    expect(id).toBeTruthy();
    await app.db
      .updateTable('imports')
      .set({ errors: JSON.stringify([{ line: 2, field: '\r=cmd', reason: '\t=1+1' }]) as never })
      .where('id', '=', id)
      .execute();
    const out = await api.call(registrar, 'GET', `/api/v1/imports/${id}/errors.csv`);
    expect(out.statusCode).toBe(200);
    const rows = csvRows(out.rawPayload);
    expectNoFormula(rows);
    expect(rows[1]).toEqual(['2', "'\r=cmd", "'\t=1+1"]);
  });

  it('demo import file: generated persons, written through the same helper', async () => {
    const { writeDemoCsv } = await import('../../src/demo/demo.csv.ts');
    const file = path.join(app.config.DATA_DIR, 'demo.csv');
    await writeDemoCsv(file, 20, 7);
    const rows = csvRows(readFileSync(file));
    expect(rows[0]![0]).toBe('公民身份号码');
    expectNoFormula(rows);
  });
});

describe('no export bypasses the helper', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
      // product code only: tests and their kits build CSV uploads to attack the server, they export nothing
      return /\.tsx?$/.test(e.name) && !/\.(spec|kit|testkit)\.tsx?$/.test(e.name) ? [p] : [];
    });
  const sources = ['apps/server/src', 'apps/web/src', 'packages']
    .flatMap((d) => files(path.join(repoRoot, d)))
    .map((f) => ({ file: path.relative(repoRoot, f), text: readFileSync(f, 'utf8') }));
  const HELPER = 'apps/server/src/core/documents/spreadsheet.ts';
  const READER = 'apps/server/src/core/documents/table-reader.ts';

  it('only the helper writes CSV or XLSX (csv-stringify, exceljs writing, a hand-made text/csv reply)', () => {
    const writers = sources
      .filter(
        (s) =>
          s.file !== HELPER &&
          // a contract naming its reply's content type (`fileReply('text/csv', …)`) writes nothing
          /csv-stringify|addWorksheet|WorkbookWriter|writeBuffer|xlsx\.write|text\/csv/.test(
            s.text.replace(/fileReply\(\s*'[^']*'/g, ''),
          ),
      )
      .map((s) => s.file);
    expect(writers).toEqual([]);
    const excel = sources
      .filter((s) => s.file !== HELPER && s.file !== READER && /from 'exceljs'/.test(s.text))
      .map((s) => s.file);
    expect(excel).toEqual([]);
  });

  it('every file that exports through the helper is attacked above', () => {
    const users = sources
      .filter((s) => s.file !== HELPER && /\b(writeSheet|csvText)\(/.test(s.text))
      .map((s) => s.file)
      .sort();
    expect(users).toEqual(Object.keys(EXPORTS).sort());
  });
});
