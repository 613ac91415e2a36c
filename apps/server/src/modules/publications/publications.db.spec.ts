import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from '../../../test/pdf-text.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { centreFixture, centreTestItem } from '../service-centre/centre.testkit.ts';
import { PublicationsService } from './publications.service.ts';

let app: App;
let sysadmin: Actor;
let publications: PublicationsService;
let village = { code: '', name: '' };
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  app = await testApp();
  sysadmin = await actorNamed(app, 'sysadmin');
  await centreFixture(app, sysadmin);
  publications = new PublicationsService(
    app.db,
    app.files,
    app.clock,
    () => 'https://gov.example/guide',
    (codes) => app.catalogue.currentOfDepartments(codes),
  );
  const clerk = await actorNamed(app, 'clerk');
  village = await app.db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('parent_code', '=', clerk.divisionCode)
    .where('level', '=', 5)
    .orderBy('code')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await app?.close();
});

describe('publications', () => {
  it("prints the household card with the centre's items, the village consultant, the hotlines and the county offices", async () => {
    await expect(
      publications.setConsultant(await actorNamed(app, 'clerk'), village.code, {
        name: '刘红梅',
        phone: '13935900001',
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      publications.setConsultant(sysadmin, village.code, { name: '刘红梅', phone: 'abc' }),
    ).rejects.toMatchObject({ status: 400, field: 'phone' });
    await publications.setConsultant(sysadmin, village.code, { name: '刘红梅', phone: '13935900001' });
    const card = await publications.pdf('card', village.code);
    const text = squash(pdfText(card.bytes));
    for (const expected of [
      '便民服务一卡通',
      village.name,
      '城关街道便民服务中心',
      '居住证明开具',
      '刘红梅13935900001',
      '12345',
      '河津市民政局',
      '残疾人证申领',
    ])
      expect(text).toContain(expected);
    expect(pdfPages(card.bytes)).toBe(1);
  });

  it('keeps the same file until the catalogue changes, then renders anew', async () => {
    const first = await publications.pdf('card', village.code);
    const again = await publications.pdf('card', village.code);
    expect([again.fresh, again.fingerprint]).toEqual([false, first.fingerprint]);
    const current = await app.catalogue.get('CT-0001');
    await app.catalogue.revise(
      sysadmin,
      'CT-0001',
      current.version,
      centreTestItem({ name: '居住证明开具（含电子证照）' }),
    );
    const changed = await publications.pdf('card', village.code);
    expect(changed.fresh).toBe(true);
    expect(changed.fingerprint).not.toBe(first.fingerprint);
    expect(squash(pdfText(changed.bytes))).toContain('居住证明开具（含电子证照）');
  });

  it('prints the same as a poster-sized notice board', async () => {
    const board = await publications.pdf('board', village.code);
    expect(squash(pdfText(board.bytes))).toContain('便民服务公开栏');
    const size = /MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)/.exec(board.bytes.toString('latin1'))!;
    // A2: 420 × 594 mm
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([1191, 1684]);
  });

  it('prints the handbook with contents whose page numbers point at the items', async () => {
    const handbook = await publications.pdf('handbook', '140882');
    const pages = pdfPages(handbook.bytes);
    const contents = pdfText(handbook.bytes, { first: 2, last: 2 });
    expect(squash(contents)).toContain('目录');
    const entry = /\d+\.\s*居住证明开具（含电子证照）\s+(\d+)/.exec(contents);
    expect(entry).not.toBeNull();
    const page = Number(entry![1]);
    expect(page).toBeLessThanOrEqual(pages);
    const itemPage = squash(pdfText(handbook.bytes, { first: page, last: page }));
    for (const expected of [
      '居住证明开具（含电子证照）',
      '申请材料',
      '户口簿',
      '可容缺后补',
      '入户核实（不计入时限）',
      '受理条件',
    ])
      expect(itemPage).toContain(expected);
    await expect(publications.pdf('handbook', '999999')).rejects.toMatchObject({ status: 404 });
  });
});
