import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { badInput, conflict } from '../../core/errors.ts';

const WINDOW = ['window_clerk', 'community_worker'];

/**
 * 事项申请: the generic application for a catalogue item. Its clocks take their limits from the item's
 * version the case was opened under (kept in the case's data), so a later edit of the guide does not
 * move an open case's deadline; an on-the-spot item (即办件) is served and closed at once.
 */
export const catalogueApplicationType: CaseTypeInput = {
  code: 'catalogue_application',
  numberPrefix: 'SX',
  name: '政务服务事项申请',
  nameEn: 'Application for a catalogue item',
  initialState: 'received',
  states: {
    received: { label: '已接件' },
    accepted: { label: '已受理' },
    awaitingMaterials: { label: '待补正' },
    decided: { label: '已决定' },
    closed: { label: '已办结', final: true },
    refused: { label: '不予受理', final: true },
  },
  openRoles: WINDOW,
  openFields: [{ name: 'itemCode', label: '事项编码', type: 'string', required: true, max: 40 }],
  clocks: [
    { code: 'promised', label: '承诺时限', kind: 'promised', unit: 'working', limitDays: 1, limitField: 'promisedDays', unitField: 'limitUnit', maxExtensionDays: 0, dueSoonShare: 0.6 },
    { code: 'statutory', label: '法定时限', kind: 'statutory', unit: 'working', limitDays: 1, limitField: 'statutoryDays', unitField: 'limitUnit', maxExtensionDays: 30, dueSoonShare: 0.8 },
  ],
  actions: [
    { code: 'serveOnTheSpot', label: '即办办结', from: ['received'], to: 'closed', roles: WINDOW, opinion: 'optional', documents: ['receipt'] },
    { code: 'accept', label: '受理', from: ['received'], to: 'accepted', roles: WINDOW, clocks: { promised: 'start', statutory: 'start' }, documents: ['receipt'] },
    {
      code: 'refuse', label: '不予受理', from: ['received'], to: 'refused', roles: WINDOW, opinion: 'required',
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: false }], documents: ['oneTimeNotice'],
    },
    {
      code: 'requestMaterials', label: '一次性告知补正', from: ['accepted'], to: 'awaitingMaterials', roles: [...WINDOW, 'reviewer'],
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: true }], setFlags: ['materialsPending'],
      clocks: { promised: 'pause', statutory: 'pause' }, documents: ['oneTimeNotice'],
    },
    { code: 'supplyMaterials', label: '补正材料', from: ['awaitingMaterials'], to: 'accepted', roles: [...WINDOW, 'reviewer'], clearFlags: ['materialsPending'], clocks: { promised: 'resume', statutory: 'resume' } },
    {
      code: 'decide', label: '决定', from: ['accepted'], to: 'decided', roles: ['reviewer', 'department_head', ...WINDOW], opinion: 'required',
      fields: [{ name: 'decision', label: '决定', type: 'enum', options: ['approved', 'rejected'], required: true }],
    },
    { code: 'close', label: '办结', from: ['decided'], to: 'closed', roles: [...WINDOW, 'reviewer', 'department_head'], clocks: { promised: 'stop', statutory: 'stop' } },
  ],
};

/** The item's current version is fixed on the case when it is opened; serving on the spot is for on-the-spot items only. */
export const catalogueApplicationHooks: CaseHooks = {
  async beforeOpen(tx, ctx) {
    const item = await tx.selectFrom('service_items').select(['code', 'version', 'name', 'promised_days', 'statutory_days', 'limit_unit', 'handling_mode'])
      .where('code', '=', String(ctx.fields.itemCode)).where('current', '=', true).executeTakeFirst();
    if (!item) throw badInput('fields.itemCode', `事项 ${String(ctx.fields.itemCode)} 不在办事指南中`, 'No such item in the catalogue');
    return { itemVersion: item.version, itemName: item.name, promisedDays: item.promised_days, statutoryDays: item.statutory_days, limitUnit: item.limit_unit, handlingMode: item.handling_mode };
  },
  async beforeAction(_tx, ctx) {
    const mode = ctx.log[0]!.inputs.fields as { handlingMode?: string };
    if (ctx.action === 'serveOnTheSpot' && mode.handlingMode !== 'onTheSpot') throw conflict('not_on_the_spot', '该事项不是即办件，请受理后按承诺时限办理', 'This item is not served on the spot: accept it');
  },
};
