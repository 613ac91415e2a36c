import type { CatalogueService } from '../catalogue/index.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import {
  findConsultant,
  findCountyDivision,
  findVillageWithParents,
  listActiveDepartmentsOf,
  listActiveDepartmentsUnder,
} from './publications.repository.ts';

/**
 * Social-service numbers printed on every card (社会服务电话). National short numbers: the same in
 * every county, so they are data here rather than configuration.
 */
export const HOTLINES: Array<[string, string]> = [
  ['报警', '110'],
  ['火警', '119'],
  ['急救', '120'],
  ['交通事故', '122'],
  ['政务服务便民热线', '12345'],
  ['公共法律服务', '12348'],
  ['民政服务', '12349'],
  ['人社服务', '12333'],
  ['消费者投诉', '12315'],
  ['生态环境', '12369'],
  ['供电服务', '95598'],
];

export interface GuideItem {
  code: string;
  version: number;
  name: string;
  kind: string;
  departmentCode: string;
  handlingMode: string;
  promisedDays: number;
  statutoryDays: number;
  limitUnit: string;
  guide: {
    window?: string;
    legalBasis?: string[];
    conditions?: string[];
    place?: string;
    hours?: string;
    enquiryPhone?: string;
    complaintPhone?: string;
    visitsNeeded?: number;
    appointment?: boolean;
    materials?: Array<{
      name: string;
      copies: number;
      original: boolean;
      electronic: boolean;
      source: string;
      required: boolean;
      mayComeLater: boolean;
    }>;
    steps?: Array<{ name: string; countsTowardLimit: boolean }>;
    fees?: Array<{ name: string; amountFen: number; basis: string }>;
  };
}

export interface Office {
  code: string;
  name: string;
  address: string | null;
  phone: string | null;
  hours: string | null;
  items: GuideItem[];
}

/** What a village's household card (and its notice board) prints. */
export interface CardContent {
  county: string;
  township: string;
  village: { code: string; name: string };
  centre: Office | null;
  consultant: { name: string; phone: string } | null;
  departments: Office[];
  hotlines: Array<[string, string]>;
  guideUrl: string;
}

export interface HandbookContent {
  county: string;
  guideUrl: string;
  offices: Office[];
}

/** The catalogue's current items of some departments (the catalogue module's service answers it). */
export type CurrentItems = CatalogueService['currentOfDepartments'];

async function currentItems(items: CurrentItems, departmentCodes: string[]): Promise<GuideItem[]> {
  if (departmentCodes.length === 0) return [];
  const rows = await items(departmentCodes);
  return rows.map((r) => ({
    code: r.code,
    version: r.version,
    name: r.name,
    kind: r.kind,
    departmentCode: r.department_code,
    handlingMode: r.handling_mode,
    promisedDays: r.promised_days,
    statutoryDays: r.statutory_days,
    limitUnit: r.limit_unit,
    guide: r.guide as GuideItem['guide'],
  }));
}

function officesWithItems(departments: Array<Omit<Office, 'items'>>, items: GuideItem[]): Office[] {
  return departments.map((d) => ({ ...d, items: items.filter((i) => i.departmentCode === d.code) }));
}

/** The village, its township's centre and the county's departments, each with its current items. */
export async function cardContent(
  db: Db,
  items: CurrentItems,
  villageCode: string,
  guideUrl: string,
): Promise<CardContent> {
  const village = await findVillageWithParents(db, villageCode);
  if (!village || village.level !== 5)
    throw new AppError(404, 'not_found', '村（社区）不存在', 'No such village or community', 'village');
  const departments = await listActiveDepartmentsOf(db, [village.townshipCode, village.countyCode]);
  const offices = officesWithItems(
    departments,
    await currentItems(
      items,
      departments.map((d) => d.code),
    ),
  );
  const centre =
    offices.find(
      (o) =>
        departments.find((d) => d.code === o.code)!.division_code === village.townshipCode &&
        departments.find((d) => d.code === o.code)!.kind === 'service_centre',
    ) ?? null;
  // the county's offices that serve the public: those with items in the catalogue or a public phone
  const county = offices.filter(
    (o) =>
      departments.find((d) => d.code === o.code)!.division_code === village.countyCode &&
      (o.items.length > 0 || o.phone),
  );
  const consultant = await findConsultant(db, villageCode);
  return {
    county: village.county,
    township: village.township,
    village: { code: village.code, name: village.name },
    centre,
    consultant: consultant ?? null,
    departments: county,
    hotlines: HOTLINES,
    guideUrl,
  };
}

/** Every office of the county (its own departments and its townships' centres) with its current items. */
export async function handbookContent(
  db: Db,
  items: CurrentItems,
  countyCode: string,
  guideUrl: string,
): Promise<HandbookContent> {
  const county = await findCountyDivision(db, countyCode);
  if (!county || county.level !== 3)
    throw new AppError(404, 'not_found', '县（市、区）不存在', 'No such county', 'county');
  const departments = await listActiveDepartmentsUnder(db, county.path);
  const guideItems = await currentItems(
    items,
    departments.map((d) => d.code),
  );
  return {
    county: county.name,
    guideUrl,
    offices: officesWithItems(departments, guideItems).filter((o) => o.items.length > 0),
  };
}

export const limitText = (i: Pick<GuideItem, 'handlingMode' | 'promisedDays' | 'limitUnit'>) =>
  i.handlingMode === 'onTheSpot' || i.promisedDays === 0
    ? '即办'
    : `${i.promisedDays}${i.limitUnit === 'working' ? '个工作日' : '日'}`;
