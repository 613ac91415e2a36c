import type { App } from '../compose.ts';
import { recordAudit } from '../core/audit/audit.ts';
import { CaseService } from '../core/cases/case.service.ts';
import { shiftDate } from '../core/calendar/working-calendar.ts';
import { today } from '../core/time.ts';
import { loadActor } from '../core/auth/auth.repository.ts';
import { AssistanceRulesService } from '../modules/assistance/index.ts';
import { seedAssistanceDemo } from './demo.assistance.ts';
import { seedCatalogueDemo } from './demo.catalogue.ts';
import { seedCentreDemo } from './demo.centre.ts';
import { seedComplaintsDemo } from './demo.complaints.ts';
import { insertDivisions } from '../modules/org/index.ts';
import { personColumns, TRACKED_FIELDS } from '../modules/registry/index.ts';
import { type DemoHousehold, demoDivisions, demoHouseholds, rng } from './demo.generator.ts';

/** 山西 summer hours, as printed on the township service cards */
const OFFICE_HOURS = '周一至周五 8:00-12:00 15:00-18:00（法定节假日除外）';

export const DEMO_COUNTY = { code: '140882', name: '河津市' };
export const DEMO_PASSWORD = 'Demo@2026pass';

/** One demo account per role: username, display name, department code suffix, role, scope. */
export const DEMO_USERS = [
  { username: 'clerk', name: '王丽（窗口受理员）', dept: 'BM1', role: 'window_clerk', scope: 'department' },
  { username: 'clerk2', name: '赵强（窗口受理员）', dept: 'BM2', role: 'window_clerk', scope: 'department' },
  { username: 'reviewer', name: '李明（民政局审核员）', dept: 'MZJ', role: 'reviewer', scope: 'department' },
  { username: 'head', name: '张华（民政局科室负责人）', dept: 'MZJ', role: 'department_head', scope: 'department' },
  {
    username: 'centrehead',
    name: '郭敏（便民服务中心主任）',
    dept: 'BM1',
    role: 'department_head',
    scope: 'department',
  },
  { username: 'operator', name: '何平（12345热线受理员）', dept: 'RX', role: 'complaint_operator', scope: 'subtree' },
  { username: 'community', name: '陈静（社区工作者）', dept: 'JW1', role: 'community_worker', scope: 'subtree' },
  { username: 'township', name: '刘芳（乡镇民政助理员）', dept: 'ZF1', role: 'assistance_worker', scope: 'subtree' },
  {
    username: 'approver',
    name: '马骏（民政局社会救助审批员）',
    dept: 'MZJ',
    role: 'assistance_approver',
    scope: 'subtree',
  },
  { username: 'payer', name: '吴敏（救助资金发放员）', dept: 'MZJ', role: 'payment_officer', scope: 'subtree' },
  { username: 'supervisor', name: '周涛（督查专员）', dept: 'DCS', role: 'supervisor', scope: 'all' },
  { username: 'registrar', name: '孙悦（人口信息管理员）', dept: 'GAJ', role: 'registry_officer', scope: 'subtree' },
  { username: 'sysadmin', name: '系统管理员', dept: 'XXZX', role: 'system_admin', scope: 'all' },
  { username: 'secadmin', name: '安全管理员', dept: 'XXZX', role: 'security_admin', scope: 'all' },
  { username: 'auditor', name: '审计管理员', dept: 'XXZX', role: 'audit_admin', scope: 'all' },
] as const;

/**
 * 低保 rules for the demo county. The figures are made up for the demo: the seeds carry no official
 * standard, and a county enters its own (with the document that set it) before going live.
 */
export function demoAllowanceRules(countyCode: string) {
  const common = {
    divisionCode: countyCode,
    effectiveFrom: '2026-01-01',
    countedIncomeKinds: ['wages', 'business', 'farming', 'property', 'pension', 'familySupport', 'other'],
    excludedIncomeKinds: ['preferentialCarePension', 'award', 'oneOffGrant', 'disabilitySubsidy'],
    monthlyDeductionFen: 0,
    minimumMonthlyAmountFen: 3_000,
    rounding: 'yuanHalfUp',
    classes: [
      { code: 'A', label: '基本稳定', reverifyMonths: 12 },
      { code: 'B', label: '相对稳定', reverifyMonths: 6 },
      { code: 'C', label: '变动较大', reverifyMonths: 3 },
    ],
    basis: '演示标准（非正式文件，上线前由县级民政部门按当年文件录入）',
  };
  const demo = { divisionCode: countyCode, effectiveFrom: '2026-01-01', basis: common.basis };
  const disabled = Array.from({ length: 10 }, (_, i) => ({
    code: `disabled${i + 1}`,
    label: `${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i]}级残疾军人`,
    annualFen: (100_000 - i * 8_000) * 100,
  }));
  return [
    { ...common, programme: 'urbanMinimumAllowance', monthlyStandardFen: 78_000 },
    { ...common, programme: 'ruralMinimumAllowance', monthlyStandardFen: 60_000 },
    {
      ...demo,
      programme: 'preferentialCare',
      categories: [
        ...disabled,
        { code: 'martyrFamily', label: '烈士遗属', annualFen: 3_000_000 },
        { code: 'dutyDeathFamily', label: '因公牺牲军人遗属', annualFen: 2_600_000 },
        { code: 'illnessDeathFamily', label: '病故军人遗属', annualFen: 2_500_000 },
        { code: 'demobilised', label: '在乡复员军人', annualFen: 1_200_000 },
        { code: 'returnedIll', label: '带病回乡退伍军人', annualFen: 900_000 },
      ],
    },
    // the seeds: 1,000 yuan per rural conscript's household, 500 per urban
    {
      ...demo,
      programme: 'conscriptFamilyAllowance',
      categories: [
        { code: 'conscriptFamilyRural', label: '农村义务兵家庭', annualFen: 100_000 },
        { code: 'conscriptFamilyUrban', label: '城镇义务兵家庭', annualFen: 50_000 },
      ],
    },
    { ...demo, programme: 'familyPlanningReward', measure: 'onlyChildParents', minAge: 60, monthlyFen: 8_000 },
  ];
}

export interface SeedOptions {
  persons: number;
  seed: number;
  /** false: only the divisions, departments and users of a county sized for `persons` (benchmarks import the persons themselves) */
  withPersons?: boolean;
  /** true: 低保 households enrolled and paid, one on notice, care beneficiaries (the demo; tests start without them) */
  withAssistance?: boolean;
  onProgress?: (done: number, total: number) => void;
  log?: (msg: string) => void;
}

/** Scale from the seeds: 1,050,000 persons ↔ 43 townships and 528 villages. */
export function demoScale(persons: number) {
  const f = persons / 1_050_000;
  return {
    townships: Math.max(3, Math.round(43 * Math.min(1, Math.sqrt(f) * 2.5))),
    villages: Math.max(9, Math.round(528 * Math.min(1, Math.sqrt(f) * 2))),
  };
}

export async function isDemoSeeded(app: App) {
  return !!(await app.db
    .selectFrom('departments')
    .select('id')
    .where('code', '=', `${DEMO_COUNTY.code}-MZJ`)
    .executeTakeFirst());
}

export async function seedDemo(app: App, opts: SeedOptions) {
  const log = opts.log ?? (() => {});
  if (await isDemoSeeded(app)) {
    log('demo county already present: nothing to do');
    return { created: false };
  }
  const r = rng(opts.seed);
  const scale = demoScale(opts.persons);
  const towns = demoDivisions(r, DEMO_COUNTY.code, scale.townships, scale.villages);
  const c = DEMO_COUNTY.code;
  const deptCode = (suffix: string) => `${c}-${suffix}`;
  await app.db.transaction().execute(async (tx) => {
    await insertDivisions(tx, [
      ...towns.map((t) => ({ code: t.code, name: t.name, level: 4, parentCode: c })),
      ...towns.flatMap((t) => t.villages.map((v) => ({ code: v.code, name: v.name, level: 5, parentCode: t.code }))),
    ]);
    const county = [
      ['MZJ', '河津市民政局', 'civil_affairs', '0359-5022101'],
      ['ZWFW', '河津市政务服务中心', 'service_centre', '0359-5026789'],
      ['GAJ', '河津市公安局', 'police', '0359-5022110'],
      ['TJJ', '河津市统计局', 'statistics', '0359-5022356'],
      ['DCS', '河津市人民政府督查室', 'supervision', '0359-5022001'],
      ['XXZX', '河津市政务信息中心', 'information_centre', '0359-5022002'],
      ['RX', '河津市12345政务服务便民热线中心', 'hotline_centre', '12345'],
      ['ZJJ', '河津市住房和城乡建设局', 'housing', '0359-5022567'],
    ] as const;
    const rows = [
      ...county.map(([code, name, kind, phone], i) => ({
        code: deptCode(code),
        name,
        kind,
        division_code: c,
        phone,
        address: `河津市龙门大道${101 + i * 12}号`,
        hours: OFFICE_HOURS,
      })),
      ...towns.flatMap((t, i) => [
        {
          code: deptCode(`BM${i + 1}`),
          name: `${t.name}便民服务中心`,
          kind: 'service_centre',
          division_code: t.code,
          phone: `0359-50${String(30000 + i * 7).slice(-5)}`,
          address: `${t.name}政府街${8 + i}号`,
          hours: OFFICE_HOURS,
        },
        {
          code: deptCode(`ZF${i + 1}`),
          name: t.kind === 'subdistrict' ? `${t.name}办事处` : `${t.name}人民政府`,
          kind: 'township_office',
          division_code: t.code,
          phone: `0359-50${String(40000 + i * 7).slice(-5)}`,
          address: `${t.name}政府街${8 + i}号`,
          hours: OFFICE_HOURS,
        },
        {
          code: deptCode(`JW${i + 1}`),
          name: `${t.villages[0]!.name}${t.villages[0]!.kind === 'community' ? '居民委员会' : '村民委员会'}`,
          kind: 'community_committee',
          division_code: t.villages[0]!.code,
          phone: null,
        },
      ]),
    ];
    await tx.insertInto('departments').values(rows).execute();
    await recordAudit(tx, {
      action: 'demo.seed',
      actorName: 'cli',
      details: {
        seed: opts.seed,
        persons: opts.persons,
        townships: towns.length,
        villages: towns.reduce((n, t) => n + t.villages.length, 0),
      },
    });
  });
  for (const u of DEMO_USERS) {
    await app.users.create({
      username: u.username,
      displayName: u.name,
      departmentCode: deptCode(u.dept),
      password: DEMO_PASSWORD,
      roles: [{ role: u.role, scope: u.scope }],
    });
  }
  for (const rule of demoAllowanceRules(c)) await new AssistanceRulesService(app.db).add(undefined, rule);
  const sysadmin = (await loadActor(
    app.db,
    (await app.db.selectFrom('users').select('id').where('username', '=', 'sysadmin').executeTakeFirstOrThrow()).id,
  ))!;
  await seedCatalogueDemo(app, sysadmin, c);
  await seedCentreDemo(app, sysadmin, c);
  await seedComplaintsDemo(app, c);
  log(
    `created ${towns.length} townships, ${towns.reduce((n, t) => n + t.villages.length, 0)} villages/communities, departments and ${DEMO_USERS.length} users`,
  );
  if (opts.withPersons === false) return { created: true };
  await insertPersons(app, demoHouseholds(r, c, towns, opts.persons, DEMO_COUNTY.name), opts);
  await demoCases(app);
  if (opts.withAssistance) await seedAssistanceDemo(app, log);
  return { created: true };
}

async function insertPersons(app: App, households: Iterable<DemoHousehold>, opts: SeedOptions) {
  const source = { source: `${DEMO_COUNTY.code}-GAJ`, at: '2026-01-01T00:00:00.000Z' };
  const provenance = Object.fromEntries(TRACKED_FIELDS.map((f) => [f, source]));
  let batch: DemoHousehold[] = [];
  let done = 0;
  const flush = async () => {
    if (!batch.length) return;
    const people = batch.flatMap((h) => h.members);
    await app.db.transaction().execute(async (tx) => {
      const ids = await tx
        .insertInto('persons')
        .values(people.map((p) => personColumns(p, app.cipher, provenance)))
        .returning('id')
        .execute();
      const hh = await tx
        .insertInto('households')
        .values(batch.map((h) => ({ number: h.number, division_code: h.divisionCode, address: h.address })))
        .returning('id')
        .execute();
      let k = 0;
      await tx
        .insertInto('household_members')
        .values(
          batch.flatMap((h, i) =>
            h.members.map((m) => ({ household_id: hh[i]!.id, person_id: ids[k++]!.id, relation: m.relation })),
          ),
        )
        .execute();
    });
    done += people.length;
    opts.onProgress?.(done, opts.persons);
    batch = [];
  };
  let inBatch = 0;
  for (const h of households) {
    batch.push(h);
    inBatch += h.members.length;
    if (inBatch >= 1500) {
      await flush();
      inBatch = 0;
    }
  }
  await flush();
}

/** A few cases at different stages, taken through the real engine on back-dated days. */
async function demoCases(app: App) {
  const user = async (username: string) =>
    (await loadActor(
      app.db,
      (await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id,
    ))!;
  const clerk = await user('clerk');
  const reviewer = await user('reviewer');
  const subjects = await app.db
    .selectFrom('persons as p')
    .select(['p.id', 'p.name'])
    .where('p.division_code', 'like', `${clerk.divisionCode.slice(0, 9)}%`)
    .orderBy('p.id')
    .limit(12)
    .execute();
  const mzj = (
    await app.db
      .selectFrom('departments')
      .select('id')
      .where('code', '=', `${DEMO_COUNTY.code}-MZJ`)
      .executeTakeFirstOrThrow()
  ).id;
  let day = '';
  const service = new CaseService(
    app.db,
    app.caseTypes,
    app.calendar,
    app.documents,
    () => new Date(`${day}T10:00:00+08:00`),
    app.boss,
  );
  const items = [
    '残疾人证申领',
    '临时救助申请',
    '高龄津贴申请',
    '居住证明开具',
    '低保政策咨询转办',
    '困难群众医疗救助',
  ];
  for (const [i, s] of subjects.entries()) {
    day = shiftDate(today(app.clock), -[20, 13, 9, 6, 4, 3][i % 6]!);
    let { case: c } = await service.open(clerk, {
      typeCode: 'service_application',
      title: items[i % items.length]!,
      subject: { type: 'person', id: s.id },
      fields: { item: items[i % items.length]! },
    });
    if (i % 4 === 3) continue; // left at the window, not yet accepted
    ({ case: c } = await service.act(clerk, c.id, 'accept', {
      expectedVersion: c.version,
      fields: {},
      attachments: [],
    }));
    if (i % 4 === 2) {
      await service.act(clerk, c.id, 'requestMaterials', {
        expectedVersion: c.version,
        fields: { missingMaterials: ['户口簿复印件', '近期一寸免冠照片'] },
        attachments: [],
      });
      continue;
    }
    ({ case: c } = await service.act(clerk, c.id, 'transfer', {
      expectedVersion: c.version,
      fields: { toDepartmentId: mzj },
      opinion: '需民政局审核',
      attachments: [],
    }));
    if (i % 4 === 1)
      await service.act(reviewer, c.id, 'review', {
        expectedVersion: c.version,
        fields: { recommendation: 'approve' },
        opinion: '材料齐全，符合条件',
        attachments: [],
      });
  }
}
