import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '@grassroots/contracts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { importPersons } from './registry.import.ts';

let app: App;
let registrar: Actor;
let village: string;
let existing: { id: string; idNumber: string; name: string; residence_address: string | null };

const id = (birth: string, serial: string) => {
  const first = `140882${birth}${serial}`;
  return first + idNumberCheckChar(first);
};
const HEADER = '公民身份号码,姓名,性别,民族,联系电话,居住地址,所属村社区代码,户号,与户主关系';

beforeAll(async () => {
  app = await testApp();
  registrar = await actorNamed(app, 'registrar');
  const p = await app.db
    .selectFrom('persons')
    .select(['id', 'id_number_enc', 'name', 'residence_address', 'division_code'])
    .where('phone_enc', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  existing = {
    id: p.id,
    idNumber: app.cipher.decrypt(p.id_number_enc),
    name: p.name,
    residence_address: p.residence_address,
  };
  village = p.division_code;
});
afterAll(() => app?.close());

function csv(village: string) {
  const bad = `140882199001011230`; // wrong check character (the right one is computed below)
  return [
    HEADER,
    `${id('19800312', '011')},赵建国,男,汉族,13812345678,河津市测试村1号,${village},HJ-T-001,户主`,
    `${id('19820507', '022')},钱秀英,女,汉族,,河津市测试村1号,${village},HJ-T-001,配偶`,
    `${id('20100101', '031')},赵小明,男,汉族,,河津市测试村1号,${village},HJ-T-001,子女`,
    `${bad.slice(0, 17)}${idNumberCheckChar(bad.slice(0, 17)) === '0' ? '1' : '0'},坏号码,男,汉族,,,${village},,`,
    `${id('19700101', '041')},无此村,男,汉族,,,140882999999,,`,
    `${id('19800312', '011')},赵建国,男,汉族,,,${village},,`,
    `${existing.idNumber},${existing.name},,,13999999999,${existing.residence_address},${village},,`,
  ].join('\n');
}

// the whole database, as the service passes it: on the PostgreSQL server new persons go by COPY;
// with a worker thread for the transform even though these files are small (a large file's path)
const run = (body: Buffer, format: 'csv' | 'xlsx', goodRows: boolean) =>
  importPersons(app.database, app.cipher, registrar, Readable.from([body]), {
    format,
    fileName: `t.${format}`,
    source: '140882-TJJ',
    goodRows,
    threads: { always: 1 },
  });

describe('registry import', () => {
  it('applies nothing when a row is bad and the operator did not choose good rows only', async () => {
    const before = await app.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const r = await run(Buffer.from(csv(village)), 'csv', false);
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [5, 'idNumber'],
      [6, 'divisionCode'],
      [7, 'idNumber'],
    ]);
    expect(r.errors[2]!.reason).toMatch(/第 2 行/);
    const after = await app.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await app.db.selectFrom('registry_conflicts').selectAll().execute()).toHaveLength(0);
  });

  it('imports the good rows when asked, fills nothing over stored values and lists the conflict', async () => {
    const r = await run(Buffer.from(csv(village)), 'csv', true);
    expect(r).toMatchObject({ status: 'applied', total: 7, inserted: 3, bad: 3, conflicts: 1 });
    const hh = await app.db
      .selectFrom('households as h')
      .innerJoin('household_members as m', 'm.household_id', 'h.id')
      .select(['m.relation'])
      .where('h.number', '=', 'HJ-T-001')
      .execute();
    expect(hh.map((m) => m.relation).sort()).toEqual(['child', 'head', 'spouse']);
    const conflicts = await app.db
      .selectFrom('registry_conflicts')
      .selectAll()
      .where('person_id', '=', existing.id)
      .execute();
    expect(conflicts).toEqual([
      expect.objectContaining({ field: 'phone', incoming_value: '139****9999', source: '140882-TJJ', status: 'open' }),
    ]);
    const person = await app.db
      .selectFrom('persons')
      .select(['provenance', 'phone_masked'])
      .where('id_number_bidx', '=', app.cipher.blindIndex(id('19800312', '011')))
      .executeTakeFirstOrThrow();
    expect(person.phone_masked).toBe('138****5678');
    expect(person.provenance.name).toMatchObject({ source: '140882-TJJ', importId: r.id });
  });

  it('changes nothing when the same file comes again', async () => {
    const r = await run(Buffer.from(csv(village)), 'csv', true);
    expect(r).toMatchObject({ status: 'applied', inserted: 0, updated: 0, conflicts: 0, unchanged: 4 });
    expect(await app.db.selectFrom('registry_conflicts').selectAll().execute()).toHaveLength(1);
  });

  it('reads GB18030 CSV as Excel saves it on Chinese Windows', async () => {
    const text = `${HEADER}\n${id('19750203', '051')},孙国庆,男,回族,,河津市测试村2号,${village},,`;
    const r = await run(iconv.encode(text, 'gb18030'), 'csv', false);
    expect(r).toMatchObject({ status: 'applied', inserted: 1, bad: 0 });
    const p = await app.db
      .selectFrom('persons')
      .select(['name', 'ethnicity'])
      .where('id_number_bidx', '=', app.cipher.blindIndex(id('19750203', '051')))
      .executeTakeFirstOrThrow();
    expect(p).toEqual({ name: '孙国庆', ethnicity: '回族' });
  });

  it('refuses a second head for a household whose stored head is somebody else', async () => {
    const head = `${id('19600101', '091')},冯大,男,汉族,,,${village},HJ-T-003,户主`;
    expect(await run(Buffer.from(`${HEADER}\n${head}`), 'csv', false)).toMatchObject({
      status: 'applied',
      inserted: 1,
    });
    const other = `${id('19610202', '103')},冯二,男,汉族,,,${village},HJ-T-003,户主`;
    const r = await run(Buffer.from(`${HEADER}\n${other}`), 'csv', true);
    expect(r).toMatchObject({ status: 'applied', inserted: 0, bad: 1 });
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 2, field: 'relation', reason: expect.stringMatching(/已登记户主/) }),
    ]);
  });

  it('stores text exactly as the file gives it: backslashes, quotes and tabs', async () => {
    const address = '河津市\\测试村\t3号 "东院" \\N';
    const text = `${HEADER}\n${id('19770707', '081')},郑\\一,男,汉族,,"${address.replace(/"/g, '""')}",${village},,`;
    const r = await run(Buffer.from(text), 'csv', false);
    expect(r).toMatchObject({ status: 'applied', inserted: 1, bad: 0 });
    const p = await app.db
      .selectFrom('persons')
      .select(['name', 'residence_address', 'id_number_enc', 'birth_date', 'is_veteran', 'phone_enc'])
      .where('id_number_bidx', '=', app.cipher.blindIndex(id('19770707', '081')))
      .executeTakeFirstOrThrow();
    expect(p).toMatchObject({
      name: '郑\\一',
      residence_address: address,
      birth_date: '1977-07-07',
      is_veteran: false,
    });
    expect(p.phone_enc).toBeNull();
    expect(app.cipher.decrypt(p.id_number_enc)).toBe(id('19770707', '081'));
  });

  it('reads XLSX, and refuses a household left without a head', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('人员');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([id('19660606', '061'), '周大山', '男', '汉族', '', '', village, 'HJ-T-002', '配偶']);
    sheet.addRow([id('19880808', '072'), '吴桂兰', '女', '汉族', '', '', village, '', '']);
    const r = await run(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx', true);
    expect(r).toMatchObject({ status: 'applied', inserted: 2, bad: 1 });
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, field: 'relation' })]);
    expect(await app.db.selectFrom('households').select('id').where('number', '=', 'HJ-T-002').execute()).toHaveLength(
      0,
    );
  });

  it('reports a file in a broken encoding instead of importing garbage', async () => {
    // UTF-8 heading, then a Latin-1 byte that is valid in neither UTF-8 nor as a name
    const broken = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xff, 0xfe, 0x41, 0x0a])]);
    const r = await run(broken, 'csv', true).catch((e) => e);
    // decoded as GB18030 the heading no longer names the columns: the whole file is refused, naming the column
    expect(r).toMatchObject({ code: 'missing_column', field: 'idNumber' });
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expect(run(random, 'csv', true)).rejects.toMatchObject({ status: 400, field: 'file' });
    await expect(run(random, 'xlsx', true)).rejects.toMatchObject({ status: 400, code: 'malformed_xlsx' });
  });

  it('refuses a file without the required columns', async () => {
    await expect(run(Buffer.from('姓名,性别\n张三,男'), 'csv', true)).rejects.toMatchObject({ code: 'missing_column' });
  });
});
