import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { CASE_DOCUMENT_TEMPLATES } from '../../core/cases/case-documents.ts';
import { badInput, conflict } from '../../core/errors.ts';
import { findCurrentTerms } from './catalogue.repository.ts';

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
  description:
    'The generic application for an item of the service catalogue (`modules/catalogue`). Opening names the ' +
    'item’s code; the item’s **current version** is fixed on the case (`itemVersion`, `promisedDays`, ' +
    '`statutoryDays`, `limitUnit`, `handlingMode`), and the clocks read their limits from those fields: revising ' +
    'the guide never moves an open case’s deadline. An on-the-spot item (即办件) is served and closed at once; the ' +
    'others are accepted, may ask once for missing materials (the clocks pause), are decided and closed. 容缺受理 ' +
    'and the uncounted steps were added for the one-stop centre (issue 6).',
  documentTitles: { receipt: '受理回执', oneTimeNotice: '一次性告知书', pendingReceipt: '容缺受理回执' },
  initialState: 'received',
  states: {
    received: { label: '已接件' },
    accepted: { label: '已受理' },
    awaitingMaterials: { label: '待补正' },
    uncountedStep: { label: '特别程序（不计时）' },
    decided: { label: '已决定' },
    closed: { label: '已办结', final: true },
    refused: { label: '不予受理', final: true },
  },
  openRoles: WINDOW,
  openFields: [
    { name: 'itemCode', label: '事项编码', type: 'string', required: true, max: 40 },
    { name: 'materialsProvided', label: '已收材料', type: 'stringList', required: false },
    { name: 'agency', label: '代办', type: 'enum', options: ['yes'], required: false },
  ],
  clocks: [
    {
      code: 'promised',
      label: '承诺时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 1,
      limitField: 'promisedDays',
      unitField: 'limitUnit',
      maxExtensionDays: 0,
      dueSoonShare: 0.6,
      legalBasis: 'the item’s service guide (办事指南): the promised limit (承诺时限) of its version',
    },
    {
      code: 'statutory',
      label: '法定时限',
      kind: 'statutory',
      unit: 'working',
      limitDays: 1,
      limitField: 'statutoryDays',
      unitField: 'limitUnit',
      maxExtensionDays: 30,
      dueSoonShare: 0.8,
      legalBasis:
        'the law the item’s guide names (its 设定依据); for an administrative licence ' +
        '《中华人民共和国行政许可法》第四十二条 and 第八十二条 (20 working days, 10 more with approval)',
    },
  ],
  actions: [
    {
      code: 'serveOnTheSpot',
      label: '即办办结',
      from: ['received'],
      to: 'closed',
      roles: WINDOW,
      opinion: 'optional',
      documents: ['receipt'],
      rule: 'refused 409 `not_on_the_spot` for an item not handled on the spot',
    },
    {
      code: 'accept',
      label: '受理',
      from: ['received'],
      to: 'accepted',
      roles: WINDOW,
      clocks: { promised: 'start', statutory: 'start' },
      documents: ['receipt'],
    },
    {
      code: 'refuse',
      label: '不予受理',
      from: ['received'],
      to: 'refused',
      roles: WINDOW,
      opinion: 'required',
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: false }],
      documents: ['oneTimeNotice'],
    },
    {
      // 容缺受理: accepted with optional materials to come by a deadline; the receipt lists them
      code: 'acceptWithPending',
      label: '容缺受理',
      from: ['received'],
      to: 'accepted',
      roles: WINDOW,
      setFlags: ['pendingMaterials'],
      fields: [
        { name: 'pendingMaterials', label: '容缺材料', type: 'stringList', required: true },
        { name: 'pendingDueDate', label: '补交期限', type: 'date', required: true },
      ],
      clocks: { promised: 'start', statutory: 'start' },
      documents: ['pendingReceipt'],
      rule: 'the receipt lists the materials and the deadline (`pendingDueDate`, working days from the calendar)',
    },
    {
      code: 'supplyPending',
      label: '补交容缺材料',
      from: ['accepted', 'uncountedStep', 'decided'],
      roles: [...WINDOW, 'reviewer'],
      clearFlags: ['pendingMaterials'],
    },
    {
      // a step the guide marks as not counting toward the limit (评定, 公示, 鉴定 …) pauses the clocks
      code: 'startUncountedStep',
      label: '进入不计时环节',
      from: ['accepted'],
      to: 'uncountedStep',
      roles: [...WINDOW, 'reviewer', 'department_head'],
      fields: [{ name: 'step', label: '环节', type: 'string', required: true, max: 60 }],
      clocks: { promised: 'pause', statutory: 'pause' },
      rule: 'only a step the item’s version marks `countsTowardLimit: false` (评定, 公示, 鉴定 …)',
    },
    {
      code: 'endUncountedStep',
      label: '不计时环节结束',
      from: ['uncountedStep'],
      to: 'accepted',
      roles: [...WINDOW, 'reviewer', 'department_head'],
      clocks: { promised: 'resume', statutory: 'resume' },
      rule: 'the due date moves on by the working days spent',
    },
    {
      code: 'requestMaterials',
      label: '一次性告知补正',
      from: ['accepted'],
      to: 'awaitingMaterials',
      roles: [...WINDOW, 'reviewer'],
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: true }],
      setFlags: ['materialsPending'],
      clocks: { promised: 'pause', statutory: 'pause' },
      documents: ['oneTimeNotice'],
    },
    {
      code: 'supplyMaterials',
      label: '补正材料',
      from: ['awaitingMaterials'],
      to: 'accepted',
      roles: [...WINDOW, 'reviewer'],
      clearFlags: ['materialsPending'],
      clocks: { promised: 'resume', statutory: 'resume' },
    },
    {
      code: 'decide',
      label: '决定',
      from: ['accepted'],
      to: 'decided',
      roles: ['reviewer', 'department_head', ...WINDOW],
      opinion: 'required',
      fields: [{ name: 'decision', label: '决定', type: 'enum', options: ['approved', 'rejected'], required: true }],
    },
    {
      code: 'close',
      label: '办结',
      from: ['decided'],
      to: 'closed',
      roles: [...WINDOW, 'reviewer', 'department_head'],
      clocks: { promised: 'stop', statutory: 'stop' },
    },
  ],
};

/** The item's current version is fixed on the case when it is opened; serving on the spot is for on-the-spot items only. */
export const catalogueApplicationHooks: CaseHooks = {
  async beforeOpen(tx, ctx) {
    const item = await findCurrentTerms(tx, String(ctx.fields.itemCode));
    if (!item)
      throw badInput(
        'fields.itemCode',
        `事项 ${String(ctx.fields.itemCode)} 不在办事指南中`,
        'No such item in the catalogue',
      );
    // the steps that do not count are kept with the case, as its version of the guide says
    const uncountedSteps = ((item.guide as { steps?: Array<{ name: string; countsTowardLimit: boolean }> }).steps ?? [])
      .filter((s) => !s.countsTowardLimit)
      .map((s) => s.name);
    return {
      itemVersion: item.version,
      itemName: item.name,
      promisedDays: item.promised_days,
      statutoryDays: item.statutory_days,
      limitUnit: item.limit_unit,
      handlingMode: item.handling_mode,
      uncountedSteps,
    };
  },
  async beforeAction(_tx, ctx) {
    const opened = ctx.log[0]!.inputs.fields as { handlingMode?: string; uncountedSteps?: string[] };
    if (ctx.action === 'serveOnTheSpot' && opened.handlingMode !== 'onTheSpot')
      throw conflict(
        'not_on_the_spot',
        '该事项不是即办件，请受理后按承诺时限办理',
        'This item is not served on the spot: accept it',
      );
    if (ctx.action === 'startUncountedStep' && !(opened.uncountedSteps ?? []).includes(String(ctx.fields.step))) {
      throw badInput(
        'fields.step',
        `「${String(ctx.fields.step)}」不是办事指南中不计入时限的环节（可选：${(opened.uncountedSteps ?? []).join('、') || '无'}）`,
        'Not a step the guide excludes from the limit',
      );
    }
    if (ctx.action === 'acceptWithPending' && String(ctx.fields.pendingDueDate) < ctx.today)
      throw badInput('fields.pendingDueDate', '补交期限不能早于今天', 'The deadline is past');
  },
  documents: {
    pendingReceipt: {
      prefix: 'RQ',
      build: (ctx, number) => ({
        ...CASE_DOCUMENT_TEMPLATES.receipt!.build(ctx, number),
        title: '容缺受理回执',
        body: [
          `您申请的「${ctx.title}」，主要申请材料齐全，下列次要材料允许容缺后补，本机关已于 ${ctx.issuedOn} 予以受理。逾期未补交的，将按规定处理。`,
        ],
        list: {
          heading: `容缺材料（请于 ${String(ctx.fields.pendingDueDate)} 前补交）`,
          items: (ctx.fields.pendingMaterials as string[]) ?? [],
        },
      }),
    },
  },
};
