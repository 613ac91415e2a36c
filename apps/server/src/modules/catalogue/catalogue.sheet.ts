import type { ServiceItem } from './catalogue.rules.ts';

/**
 * The catalogue as a spreadsheet a county clerk can edit: one row per item, lists one per line
 * inside a cell; a material is "名称;份数;原件|复印件;纸质|电子;来源;必需|容缺|可选", a step "名称" or
 * "名称;不计时", a fee "名称;金额（元）;依据". Reading gives the input the item schema checks.
 */
export const SHEET_COLUMNS: Array<[heading: string, key: string]> = [
  ['事项编码', 'code'],
  ['事项名称', 'name'],
  ['事项类型', 'kind'],
  ['责任部门代码', 'departmentCode'],
  ['办理窗口', 'window'],
  ['设定依据', 'legalBasis'],
  ['受理条件', 'conditions'],
  ['申请材料', 'materials'],
  ['办理流程', 'steps'],
  ['法定时限', 'statutoryDays'],
  ['承诺时限', 'promisedDays'],
  ['时限单位', 'limitUnit'],
  ['收费', 'fees'],
  ['办理地点', 'place'],
  ['办理时间', 'hours'],
  ['咨询电话', 'enquiryPhone'],
  ['监督投诉电话', 'complaintPhone'],
  ['办理方式', 'handlingMode'],
  ['到现场次数', 'visitsNeeded'],
  ['可预约', 'appointment'],
];

const lines = (cell: string) =>
  cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const yuanToFen = (v: string) => (/^\d+(\.\d{1,2})?$/.test(v.trim()) ? Math.round(Number(v.trim()) * 100) : NaN);

export function itemToRow(i: ServiceItem): string[] {
  const cell: Record<string, string> = {
    ...Object.fromEntries(Object.entries(i).map(([k, v]) => [k, typeof v === 'object' ? '' : String(v)])),
    legalBasis: i.legalBasis.join('\n'),
    conditions: i.conditions.join('\n'),
    materials: i.materials
      .map((m) =>
        [
          m.name,
          m.copies,
          m.original ? '原件' : '复印件',
          m.electronic ? '电子' : '纸质',
          m.source,
          m.required ? (m.mayComeLater ? '容缺' : '必需') : '可选',
        ].join(';'),
      )
      .join('\n'),
    steps: i.steps.map((s) => (s.countsTowardLimit ? s.name : `${s.name};不计时`)).join('\n'),
    fees: i.fees.map((f) => [f.name, (f.amountFen / 100).toFixed(2), f.basis].join(';')).join('\n'),
    appointment: i.appointment ? '是' : '否',
  };
  return SHEET_COLUMNS.map(([, key]) => cell[key] ?? '');
}

/** A row read back into the item's input; what does not parse is left for the schema to name. */
export function rowToInput(header: string[], cells: string[]): Record<string, unknown> {
  const get = (key: string) => {
    const heading = SHEET_COLUMNS.find(([, k]) => k === key)![0];
    const idx = header.findIndex((h) => h.replace(/^\uFEFF/, '').trim() === heading);
    return idx >= 0 ? (cells[idx] ?? '').trim() : '';
  };
  const int = (key: string) => (get(key) === '' ? undefined : Number(get(key)));
  return {
    code: get('code'),
    name: get('name'),
    kind: get('kind'),
    departmentCode: get('departmentCode'),
    window: get('window'),
    legalBasis: lines(get('legalBasis')),
    conditions: lines(get('conditions')),
    materials: lines(get('materials')).map((l) => {
      const [name, copies, original, medium, source, need] = l.split(/[;；]/).map((x) => x.trim());
      return {
        name,
        copies: copies ? Number(copies) : 1,
        original: original === '原件',
        electronic: medium === '电子',
        ...(source ? { source } : {}),
        required: need !== '可选',
        mayComeLater: need === '容缺',
      };
    }),
    steps: lines(get('steps')).map((l) => {
      const [name, flag] = l.split(/[;；]/).map((x) => x.trim());
      return { name, countsTowardLimit: flag !== '不计时' };
    }),
    statutoryDays: int('statutoryDays'),
    promisedDays: int('promisedDays'),
    limitUnit: get('limitUnit') || 'working',
    fees: lines(get('fees')).map((l) => {
      const [name, amount, basis] = l.split(/[;；]/).map((x) => x.trim());
      return { name, amountFen: yuanToFen(amount ?? ''), basis };
    }),
    place: get('place'),
    hours: get('hours'),
    enquiryPhone: get('enquiryPhone'),
    complaintPhone: get('complaintPhone'),
    handlingMode: get('handlingMode'),
    visitsNeeded: int('visitsNeeded') ?? 1,
    appointment: get('appointment') === '是',
  };
}
