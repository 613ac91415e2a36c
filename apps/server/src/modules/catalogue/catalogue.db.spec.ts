import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { today } from '../../core/time.ts';
import { parseServiceItem } from './catalogue.rules.ts';
import type { CatalogueService } from './catalogue.service.ts';

let app: App;
let catalogue: CatalogueService;
let sysadmin: Actor;
beforeAll(async () => {
  app = await testApp();
  catalogue = app.catalogue;
  sysadmin = await actorNamed(app, 'sysadmin');
});
afterAll(async () => {
  await app?.close();
});

// an example guide (the county's own texts go in before going live), as the contract parses it
const item = (over: Record<string, unknown> = {}) => parseServiceItem(guide(over));
const guide = (over: Record<string, unknown> = {}) => ({
  code: '1140882001-01',
  name: '居住证明开具',
  kind: 'confirmation',
  departmentCode: '140882-BM1',
  window: '综合受理窗口',
  legalBasis: ['《居住证暂行条例》'],
  conditions: ['在本辖区居住的居民'],
  materials: [
    { name: '居民身份证', original: true },
    { name: '租房合同', required: false },
    { name: '户口簿', mayComeLater: true },
  ],
  steps: [{ name: '受理' }, { name: '入户核实', countsTowardLimit: false }, { name: '出具证明' }],
  statutoryDays: 5,
  promisedDays: 2,
  handlingMode: 'promised',
  fees: [],
  place: '城关街道便民服务中心',
  hours: '工作日 8:00-12:00',
  enquiryPhone: '0359-5030000',
  complaintPhone: '12345',
  ...over,
});

describe('the service catalogue', () => {
  it('versions an edit (the old version stays readable), refuses a stale one, and keeps promised within statutory', async () => {
    // the contract's rule (the route parses the body with it; so does an import, row by row)
    expect(() => item({ promisedDays: 9 })).toThrow(expect.objectContaining({ status: 400, field: 'promisedDays' }));
    await expect(catalogue.create(await actorNamed(app, 'clerk'), item())).rejects.toMatchObject({ status: 403 });
    expect(await catalogue.create(sysadmin, item())).toMatchObject({ version: 1 });
    await expect(catalogue.create(sysadmin, item())).rejects.toMatchObject({ status: 409, code: 'item_exists' });
    expect(await catalogue.revise(sysadmin, '1140882001-01', 1, item({ promisedDays: 1 }))).toMatchObject({
      version: 2,
    });
    await expect(catalogue.revise(sysadmin, '1140882001-01', 1, item({ promisedDays: 0 }))).rejects.toMatchObject({
      status: 409,
      code: 'version_conflict',
    });
    expect((await catalogue.get('1140882001-01')).promisedDays).toBe(1);
    expect((await catalogue.get('1140882001-01', 1)).promisedDays).toBe(2);
    expect((await catalogue.get('1140882001-01')).materials[2]).toMatchObject({
      name: '户口簿',
      mayComeLater: true,
      required: true,
    });
  });

  it('finds items by a fragment and forgives a wrong character', async () => {
    await catalogue.create(
      sysadmin,
      item({ code: '1140882001-02', name: '高龄津贴申领', kind: 'payment', conditions: ['年满80周岁的本县户籍老人'] }),
    );
    expect((await catalogue.search('高龄')).map((r) => r.code)).toEqual(['1140882001-02']);
    expect((await catalogue.search('居住证明开据')).map((r) => r.code)).toContain('1140882001-01');
    expect((await catalogue.search('80周岁')).map((r) => r.code)).toEqual(['1140882001-02']);
  });

  it('exports to a spreadsheet and imports it back; a bad row refuses the whole file, naming its line', async () => {
    const csv = (await catalogue.exportSheet('csv')).body.toString('utf8');
    expect(csv).toContain('户口簿;1;复印件;纸质;申请人自备;容缺');
    const edited = csv.replace('高龄津贴申领', '高龄津贴申领（含百岁老人长寿补贴）');
    // every current item comes back as its next version (the demo's items too)
    const current = (await catalogue.search('', 100)).length;
    expect(await catalogue.importSheet(sysadmin, Buffer.from(edited), 'csv')).toEqual({ created: 0, revised: current });
    expect((await catalogue.get('1140882001-02')).name).toBe('高龄津贴申领（含百岁老人长寿补贴）');
    const bad = edited.replace(/,promised,/, ',sometimes,');
    await expect(catalogue.importSheet(sysadmin, Buffer.from(bad), 'csv')).rejects.toMatchObject({
      status: 422,
      extra: { problems: [expect.objectContaining({ line: 2, field: 'handlingMode' })] },
    });
    expect((await catalogue.get('1140882001-01')).version).toBe(3);
  });
});

describe('applications for a catalogue item', () => {
  it('take their limits from the item version they were opened under, and keep it when the guide is revised', async () => {
    const clerk = await actorNamed(app, 'clerk');
    const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
    const open = async (itemCode: string) =>
      (
        await app.cases.open(clerk, {
          typeCode: 'catalogue_application',
          title: '事项申请',
          subject: { type: 'person', id: subject.id },
          fields: { itemCode },
        })
      ).case;
    await expect(open('NO-SUCH-ITEM')).rejects.toMatchObject({ field: 'fields.itemCode' });
    const before = (await catalogue.get('1140882001-01')).version;
    let c = await open('1140882001-01');
    expect(c.data).toMatchObject({ itemVersion: before, promisedDays: 1, statutoryDays: 5 });
    c = (await app.cases.act(clerk, c.id, 'accept', { expectedVersion: c.version, fields: {}, attachments: [] })).case;
    const calendar = await app.calendar.get();
    const day = today(app.clock);
    expect(c.clocks.map((k) => k.dueDate)).toEqual([calendar.addDays(day, 1), calendar.addDays(day, 5)]);
    await catalogue.revise(sysadmin, '1140882001-01', before, item({ promisedDays: 3, statutoryDays: 10 }));
    c = (
      await app.cases.act(clerk, c.id, 'requestMaterials', {
        expectedVersion: c.version,
        fields: { missingMaterials: ['户口簿'] },
        attachments: [],
      })
    ).case;
    c = (
      await app.cases.act(clerk, c.id, 'supplyMaterials', { expectedVersion: c.version, fields: {}, attachments: [] })
    ).case;
    // the open case still runs on its own version's limits
    expect(c.clocks.map((k) => k.limitDays)).toEqual([1, 5]);
    expect((await open('1140882001-01')).data).toMatchObject({ itemVersion: before + 1, promisedDays: 3 });
  });

  it('serves an on-the-spot item at once, and only such an item', async () => {
    const clerk = await actorNamed(app, 'clerk');
    const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
    await catalogue.create(
      sysadmin,
      item({ code: '1140882001-03', name: '政策咨询', handlingMode: 'onTheSpot', statutoryDays: 0, promisedDays: 0 }),
    );
    const spot = (
      await app.cases.open(clerk, {
        typeCode: 'catalogue_application',
        title: '咨询',
        subject: { type: 'person', id: subject.id },
        fields: { itemCode: '1140882001-03' },
      })
    ).case;
    const served = await app.cases.act(clerk, spot.id, 'serveOnTheSpot', {
      expectedVersion: spot.version,
      fields: {},
      attachments: [],
    });
    expect([served.case.status, served.case.isOpen, served.documents.map((d) => d.kind)]).toEqual([
      'closed',
      false,
      ['receipt'],
    ]);
    const promised = (
      await app.cases.open(clerk, {
        typeCode: 'catalogue_application',
        title: '证明',
        subject: { type: 'person', id: subject.id },
        fields: { itemCode: '1140882001-02' },
      })
    ).case;
    await expect(
      app.cases.act(clerk, promised.id, 'serveOnTheSpot', {
        expectedVersion: promised.version,
        fields: {},
        attachments: [],
      }),
    ).rejects.toMatchObject({ status: 409, code: 'not_on_the_spot' });
  });
});
