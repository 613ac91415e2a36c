import { idNumberCheckChar } from '@grassroots/contracts';

/** Deterministic synthetic county data: the same seed always gives the same county. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

// common surnames, most frequent first, weighted by rank
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN_MALE =
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘'.split(
    '',
  );
const GIVEN_FEMALE =
  '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽'.split(
    '',
  );
const ETHNICITIES = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '回族', '满族', '蒙古族'];
const VILLAGE_WORDS = '东西南北上下前后大小新老清河山泉沟坡庄堡家寨营屯店铺湾桥岭坪川塬'.split('');
const TOWN_WORDS = [
  '城关',
  '樊村',
  '僧楼',
  '小梁',
  '柴家',
  '赵家庄',
  '阳村',
  '下化',
  '清涧',
  '龙门',
  '黄村',
  '固镇',
  '北辛',
  '里望',
  '西王',
  '樊家',
  '连伯',
  '干涧',
  '太阳',
  '辛封',
  '尹村',
  '马家',
  '庄头',
  '乔家',
  '薛村',
  '卫家',
  '吴村',
  '马村',
  '姚暹',
  '侯村',
  '南原',
  '北午芹',
  '东辛',
  '西寨',
  '上井',
  '南阳',
  '任家',
  '北里',
  '西硙口',
  '寺庄',
  '古垛',
  '上院',
  '郭家',
];

export function personName(r: Rng, sex: 'male' | 'female'): string {
  const idx = Math.floor(Math.pow(r.next(), 2.2) * SURNAMES.length);
  const given = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  return SURNAMES[idx]! + r.pick(given) + (r.chance(0.75) ? r.pick(given) : '');
}

export function idNumber(countyCode: string, birthDate: string, serial: number, sex: 'male' | 'female'): string {
  const seq = String(serial % 100).padStart(2, '0');
  const sexDigit = sex === 'male' ? (serial % 5) * 2 + 1 : (serial % 5) * 2;
  const first17 = `${countyCode}${birthDate.replace(/-/g, '')}${seq}${sexDigit}`;
  return first17 + idNumberCheckChar(first17);
}

export interface DemoTownship {
  code: string;
  name: string;
  kind: 'town' | 'subdistrict';
  villages: Array<{ code: string; name: string; kind: 'village' | 'community' }>;
}

/** Townships and their villages/communities with 12-digit statistical codes under the county. */
export function demoDivisions(r: Rng, countyCode: string, townships: number, villages: number): DemoTownship[] {
  const out: DemoTownship[] = [];
  const subdistricts = Math.max(1, Math.round(townships * 0.15));
  for (let t = 0; t < townships; t++) {
    const kind = t < subdistricts ? 'subdistrict' : 'town';
    const code = `${countyCode}${kind === 'subdistrict' ? String(t + 1).padStart(3, '0') : String(100 + t).padStart(3, '0')}000`;
    const base =
      TOWN_WORDS[t % TOWN_WORDS.length]! +
      (t >= TOWN_WORDS.length ? String(Math.floor(t / TOWN_WORDS.length) + 1) : '');
    out.push({ code, name: `${base}${kind === 'subdistrict' ? '街道' : '镇'}`, kind, villages: [] });
  }
  for (let v = 0; v < villages; v++) {
    const town = out[v % townships]!;
    const n = town.villages.length;
    const kind = town.kind === 'subdistrict' ? 'community' : r.chance(0.08) ? 'community' : 'village';
    const vcode = `${town.code.slice(0, 9)}${kind === 'community' ? String(n + 1).padStart(3, '0') : String(200 + n).padStart(3, '0')}`;
    const name = `${r.pick(VILLAGE_WORDS)}${r.pick(VILLAGE_WORDS)}${kind === 'community' ? '社区' : '村'}`;
    town.villages.push({
      code: vcode,
      name: town.villages.some((x) => x.name === name) ? `${name.slice(0, -1)}${n}${name.slice(-1)}` : name,
      kind,
    });
  }
  return out;
}

export interface DemoPerson {
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  phone: string | null;
  registeredAddress: string;
  residenceAddress: string;
  residenceType: 'resident' | 'floating';
  maritalStatus: string;
  disabilityGrade: number | null;
  isVeteran: boolean;
  divisionCode: string;
  relation: string;
}

export interface DemoHousehold {
  number: string;
  divisionCode: string;
  address: string;
  members: DemoPerson[];
}

const pad = (n: number) => String(n).padStart(2, '0');
function birthDate(r: Rng, age: number, year = 2026) {
  const y = year - age - (r.chance(0.5) ? 1 : 0);
  const md = `${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
  // the demo's "now" is the end of November of `year`: nobody is born after it (the import refuses a
  // birth date in the future, and it was refusing the babies of December)
  return `${md > '11-30' && y === year ? y - 1 : y}-${md}`;
}

/** Households of 1-6 persons: a head, often a spouse, children and sometimes a parent. */
export function* demoHouseholds(
  r: Rng,
  countyCode: string,
  townships: DemoTownship[],
  persons: number,
  countyName: string,
): Generator<DemoHousehold> {
  const villages = townships.flatMap((t) => t.villages.map((v) => ({ ...v, town: t.name })));
  const used = new Set<string>();
  let serial = 0;
  let made = 0;
  let hh = 0;
  const person = (
    age: number,
    sex: 'male' | 'female',
    relation: string,
    v: (typeof villages)[number],
    address: string,
    surname?: string,
  ): DemoPerson => {
    let id: string;
    let bd: string;
    do {
      bd = birthDate(r, age);
      id = idNumber(
        r.chance(0.93) ? countyCode : r.pick(['140802', '140821', '140881', '610581', '410802']),
        bd,
        serial++,
        sex,
      );
    } while (used.has(id));
    used.add(id);
    const name = surname ? surname + personName(r, sex).slice(1) : personName(r, sex);
    return {
      idNumber: id,
      name,
      sex,
      birthDate: bd,
      ethnicity: r.pick(ETHNICITIES),
      phone:
        age >= 16 && r.chance(0.85)
          ? `1${r.pick(['38', '39', '50', '58', '86', '37', '52', '83'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`
          : null,
      registeredAddress: `山西省${countyName}${v.town}${v.name}${address}`,
      residenceAddress: `${countyName}${v.town}${v.name}${address}`,
      residenceType: r.chance(0.06) ? 'floating' : 'resident',
      maritalStatus:
        age < 20
          ? 'unmarried'
          : relation === 'head' || relation === 'spouse'
            ? 'married'
            : r.pick(['unmarried', 'married', 'married']),
      disabilityGrade: r.chance(0.02) ? r.int(1, 4) : null,
      isVeteran: age > 22 && sex === 'male' && r.chance(0.05),
      divisionCode: v.code,
      relation,
    };
  };
  while (made < persons) {
    const v = villages[hh % villages.length]!;
    hh++;
    const address = `${r.int(1, 30)}组${r.int(1, 120)}号`;
    const headSex = r.chance(0.82) ? 'male' : 'female';
    const headAge = r.int(24, 82);
    const head = person(headAge, headSex, 'head', v, address);
    const members = [head];
    const size = Math.min(persons - made, r.pick([1, 2, 2, 3, 3, 3, 4, 4, 5, 6]));
    if (size >= 2)
      members.push(
        person(Math.max(20, headAge + r.int(-5, 3)), headSex === 'male' ? 'female' : 'male', 'spouse', v, address),
      );
    while (members.length < size) {
      const childAge = headAge - r.int(20, 35);
      members.push(
        childAge >= 0 && r.chance(0.85)
          ? person(childAge, r.chance(0.52) ? 'male' : 'female', 'child', v, address, head.name[0])
          : person(Math.min(100, headAge + r.int(20, 30)), r.chance(0.5) ? 'male' : 'female', 'parent', v, address),
      );
    }
    made += members.length;
    yield {
      number: `${v.code.slice(6)}${String(hh).padStart(6, '0')}`,
      divisionCode: v.code,
      address: `${v.town}${v.name}${address}`,
      members,
    };
  }
}
