import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, type Session } from '../../../test/api-client.ts';
import { actorNamed, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { inlineRow, sheetEntry, workbook } from './zip.testkit.ts';

/**
 * The upload routes under attack: a file over the configured size, an XLSX archive bomb, a body of
 * endless form fields. Each is answered with problem+json naming the file, and nothing is stored.
 */
let app: App;
let api: ApiClient;
let registrar: Session;
let village: string;
const MB = 1024 * 1024;
const ZERO = '00000000-0000-0000-0000-000000000000';

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  registrar = await api.login('registrar');
  village = (await personIn(app, (await actorNamed(app, 'registrar')).divisionCode.slice(0, 6))).division_code;
});
beforeEach(() => {
  app.config.GRASSROOTS_MAX_UPLOAD_MB = 256;
  app.config.GRASSROOTS_MAX_UNPACKED_MB = 1024;
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

function upload(session: Session, url: string, name: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const file = multipartFile(name, bytes);
  const boundary = '----grassroots-test';
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  return api.server.inject({
    method: 'POST',
    url,
    payload: Buffer.concat([Buffer.from(head), file.body]),
    headers: { ...file.headers, authorization: `Bearer ${session.token}`, 'x-csrf-token': session.csrfToken },
  });
}

/** A checked resident ID number (GB 11643) from its first 17 digits. */
function idNumber(body: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, d, i) => s + Number(d) * w[i]!, 0) % 11]!;
}

const counts = async () => ({
  persons: Number(
    (
      await app.db
        .selectFrom('persons')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  imports: Number(
    (
      await app.db
        .selectFrom('imports')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.json()).toMatchObject({
    code,
    field: 'file',
    message: expect.stringMatching(/[\u4e00-\u9fff]/),
    messageEn: expect.any(String),
  });
}

describe('the person import', () => {
  it('refuses a file over GRASSROOTS_MAX_UPLOAD_MB whole, even in good-rows mode where its first rows are fine (413)', async () => {
    app.config.GRASSROOTS_MAX_UPLOAD_MB = 0.05;
    const rows = Array.from(
      { length: 2000 },
      (_, i) =>
        `${idNumber(`140882198001${String(1 + (i % 28)).padStart(2, '0')}${String(100 + Math.floor(i / 28)).padStart(3, '0')}`)},新人${i},${village}`,
    );
    const csv = Buffer.from(`公民身份号码,姓名,所属村社区代码\n${rows.join('\n')}\n`);
    expect(csv.length).toBeGreaterThan(0.05 * MB);
    const before = await counts();
    const res = await upload(registrar, '/api/v1/imports/persons', 'p.csv', csv, { mode: 'good_rows' });
    expectProblem(res, 413, 'file_too_large');
    expect(await counts()).toEqual(before);
    // the same file under the limit goes in: the refusal was the size, not the rows
    app.config.GRASSROOTS_MAX_UPLOAD_MB = 1;
    const ok = await upload(registrar, '/api/v1/imports/persons', 'p.csv', csv, { mode: 'good_rows' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ inserted: 2000 });
  });

  it('refuses an XLSX bomb from its directory: 413 over GRASSROOTS_MAX_UNPACKED_MB, 400 for its ratio under the default', async () => {
    const bomb = workbook(sheetEntry(64 * MB));
    const before = await counts();
    app.config.GRASSROOTS_MAX_UNPACKED_MB = 8;
    expectProblem(await upload(registrar, '/api/v1/imports/persons', 'bomb.xlsx', bomb), 413, 'archive_too_large');
    expectProblem(
      await upload(registrar, '/api/v1/imports/persons/preview', 'bomb.xlsx', bomb),
      413,
      'archive_too_large',
    );
    app.config.GRASSROOTS_MAX_UNPACKED_MB = 1024;
    expectProblem(await upload(registrar, '/api/v1/imports/persons', 'bomb.xlsx', bomb), 400, 'archive_ratio');
    expect(await counts()).toEqual(before);
  });

  it('still imports an honest XLSX and reports its bad rows by line', async () => {
    const good = idNumber('14088219900101123');
    const xlsx = workbook(
      sheetEntry(`${inlineRow(2, [good, '赵一', village])}${inlineRow(3, ['123', '钱二', village])}`),
    );
    const res = await upload(registrar, '/api/v1/imports/persons', 'ok.xlsx', xlsx);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ line: 3, field: 'idNumber' })]);
  });

  it('refuses a body of endless form fields', async () => {
    const fields = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'x'.repeat(100)]));
    const res = await upload(
      registrar,
      '/api/v1/imports/persons',
      'p.csv',
      Buffer.from('公民身份号码,姓名,所属村社区代码\n'),
      fields,
    );
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });
});

describe('the small imports read whole', () => {
  it('catalogue and bank return file: over the limit is 413 naming the file, nothing stored', async () => {
    app.config.GRASSROOTS_MAX_UPLOAD_MB = 0.05;
    const big = Buffer.from(`事项编码,事项名称\n${'X,Y\n'.repeat(20_000)}`);
    const sysadmin = await api.login('sysadmin');
    const items = await app.db
      .selectFrom('service_items')
      .select((e) => e.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expectProblem(await upload(sysadmin, '/api/v1/catalogue/import', 'c.csv', big), 413, 'file_too_large');
    expect(
      await app.db
        .selectFrom('service_items')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(items);
    const payer = await api.login('payer');
    expectProblem(
      await upload(payer, `/api/v1/assistance/payment-files/${ZERO}/return`, 'r.csv', big),
      413,
      'file_too_large',
    );
    app.config.GRASSROOTS_MAX_UPLOAD_MB = 256;
    expectProblem(
      await upload(sysadmin, '/api/v1/catalogue/import', 'bomb.xlsx', workbook(sheetEntry(64 * MB))),
      400,
      'archive_ratio',
    );
  });
});
