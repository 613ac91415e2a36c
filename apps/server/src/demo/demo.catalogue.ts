import type { App } from '../compose.ts';
import type { Actor } from '../core/auth/actor.ts';
import { CatalogueService, parseServiceItem } from '../modules/catalogue/index.ts';

/** A few items of a township centre's catalogue, for the demo: texts written for it, not an official guide. */
export async function seedCatalogueDemo(app: App, sysadmin: Actor, countyCode: string) {
  const catalogue = new CatalogueService(app.db, app.clock);
  const common = {
    departmentCode: `${countyCode}-BM1`,
    window: '综合受理窗口',
    place: '城关街道便民服务中心一楼大厅',
    hours: '周一至周五 8:00-12:00 15:00-18:00（法定节假日除外）',
    enquiryPhone: '0359-5030000',
    complaintPhone: '12345',
    fees: [],
  };
  const items = [
    {
      ...common,
      code: 'DEMO-0001',
      name: '残疾人证申领',
      kind: 'confirmation',
      legalBasis: ['《中华人民共和国残疾人保障法》'],
      conditions: ['本辖区户籍的残疾人'],
      materials: [
        { name: '居民身份证', original: true },
        { name: '户口簿', original: true },
        { name: '近期二寸免冠彩色照片', copies: 3 },
        { name: '残疾评定表', mayComeLater: true },
      ],
      appointment: true,
      steps: [{ name: '受理' }, { name: '残疾评定', countsTowardLimit: false }, { name: '审核' }, { name: '发证' }],
      statutoryDays: 20,
      promisedDays: 10,
      handlingMode: 'forwarded',
    },
    {
      ...common,
      code: 'DEMO-0002',
      name: '临时救助申请',
      kind: 'payment',
      legalBasis: ['《社会救助暂行办法》'],
      conditions: ['因意外事件、突发重大疾病等导致基本生活暂时出现严重困难的家庭'],
      materials: [
        { name: '居民身份证', original: true },
        { name: '困难情况说明' },
        { name: '医疗费用票据', required: false },
      ],
      appointment: true,
      steps: [{ name: '受理' }, { name: '入户调查' }, { name: '审批' }, { name: '发放' }],
      statutoryDays: 15,
      promisedDays: 10,
      handlingMode: 'promised',
    },
    {
      ...common,
      code: 'DEMO-0003',
      name: '政策咨询',
      kind: 'publicService',
      legalBasis: ['《政府信息公开条例》'],
      conditions: ['所有来访群众'],
      materials: [],
      steps: [{ name: '当场答复' }],
      statutoryDays: 0,
      promisedDays: 0,
      handlingMode: 'onTheSpot',
      visitsNeeded: 1,
    },
  ];
  for (const i of items) await catalogue.create(sysadmin, parseServiceItem(i));
  return items.length;
}
