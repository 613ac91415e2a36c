import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { idNumberProblemText, isPhone, maskIdNumber, maskPhone, parseIdNumber } from '@grassroots/contracts';
import type { PiiCipher } from '../../core/crypto/sm.ts';

let jieba: Jieba | undefined;

/** Words (jieba, search mode) plus every pair of adjacent Chinese characters, so a fragment of a name finds it. */
export function searchTokens(...texts: Array<string | null | undefined>): string[] {
  const tokens = new Set<string>();
  for (const text of texts) if (text) for (const t of tokensOfText(text)) tokens.add(t);
  return [...tokens];
}

/**
 * The tokens of one text, remembered for the next few thousand texts: the members of a household share
 * their address, and an import meets them one after another, so the address is cut once per household.
 */
const recentTokens = new Map<string, readonly string[]>();
const RECENT_TEXTS = 4096;

function tokensOfText(text: string): readonly string[] {
  const known = recentTokens.get(text);
  if (known) return known;
  jieba ??= Jieba.withDict(dict);
  const tokens = new Set<string>();
  for (const w of jieba.cutForSearch(text, false)) if (w.trim()) tokens.add(w.trim().toLowerCase());
  const han = [...text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '')];
  for (let i = 0; i + 1 < han.length; i++) tokens.add(han[i]! + han[i + 1]!);
  for (const ch of han) tokens.add(ch);
  if (recentTokens.size >= RECENT_TEXTS) recentTokens.clear();
  const list = [...tokens];
  recentTokens.set(text, list);
  return list;
}

/** A tsvector literal with every lexeme quoted, so punctuation in an address cannot break it. */
export function tsvectorLiteral(tokens: string[]): string {
  return tokens.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' ');
}

/** Lexemes a search must all match: bigrams of the fragment, or the single character. */
export function queryTokens(fragment: string): string[] {
  const han = [...fragment.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '').toLowerCase()];
  if (han.length <= 1) return han;
  const out = new Set<string>();
  for (let i = 0; i + 1 < han.length; i++) out.add(han[i]! + han[i + 1]!);
  return [...out];
}

export interface PersonInput {
  idNumber: string;
  name: string;
  sex?: string | undefined;
  birthDate?: string | undefined;
  ethnicity?: string | undefined;
  phone?: string | undefined;
  registeredAddress?: string | undefined;
  residenceAddress?: string | undefined;
  residenceType?: string | undefined;
  maritalStatus?: string | undefined;
  disabilityGrade?: number | string | undefined;
  isVeteran?: boolean | string | undefined;
  divisionCode: string;
}

export interface FieldProblem {
  field: string;
  message: string;
  messageEn: string;
}

const SEX: Record<string, 'male' | 'female'> = {
  male: 'male',
  female: 'female',
  男: 'male',
  女: 'female',
  '1': 'male',
  '2': 'female',
};
const MARITAL: Record<string, string> = {
  unmarried: 'unmarried',
  married: 'married',
  divorced: 'divorced',
  widowed: 'widowed',
  未婚: 'unmarried',
  已婚: 'married',
  离婚: 'divorced',
  丧偶: 'widowed',
};
const RESIDENCE: Record<string, 'resident' | 'floating'> = {
  resident: 'resident',
  floating: 'floating',
  常住: 'resident',
  流动: 'floating',
};

/** The row as stored, before encryption. */
export interface CleanPerson {
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string | null;
  phone: string | null;
  registeredAddress: string | null;
  residenceAddress: string | null;
  residenceType: 'resident' | 'floating' | null;
  maritalStatus: string | null;
  disabilityGrade: number | null;
  isVeteran: boolean;
  divisionCode: string;
}

/** Validates one person; returns every problem, each naming its field. The ID number decides birth date and sex. */
export function cleanPerson(
  input: PersonInput,
  today?: string,
): { ok: true; person: CleanPerson } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string, messageEn: string) => problems.push({ field, message, messageEn });
  for (const [field, v] of Object.entries(input)) {
    // PostgreSQL text cannot hold NUL, and no field has a use for control characters
    // eslint-disable-next-line no-control-regex -- the control characters are what this check looks for
    if (typeof v === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v))
      add(field, `「${field}」含有不允许的控制字符`, `${field} contains a control character`);
  }
  const id = parseIdNumber(input.idNumber ?? '', today);
  if (!id.ok) add('idNumber', idNumberProblemText[id.problem].zh, idNumberProblemText[id.problem].en);
  const name = (input.name ?? '').trim();
  if (!name || name.length > 50) add('name', '姓名不能为空且不超过50字', 'Name is required (at most 50 characters)');
  let sex: 'male' | 'female' | undefined;
  if (id.ok) {
    sex = id.info.sex;
    if (input.sex && SEX[input.sex.trim()] !== id.info.sex)
      add('sex', '性别与公民身份号码不一致', 'Sex does not agree with the ID number');
    if (input.birthDate && input.birthDate.trim() !== id.info.birthDate)
      add('birthDate', '出生日期与公民身份号码不一致', 'Birth date does not agree with the ID number');
  }
  const phone = input.phone?.trim() || null;
  if (phone && !isPhone(phone)) add('phone', '电话号码格式不正确', 'Invalid phone number');
  const maritalStatus = input.maritalStatus?.trim() ? MARITAL[input.maritalStatus.trim()] : null;
  if (maritalStatus === undefined)
    add(
      'maritalStatus',
      '婚姻状况应为未婚、已婚、离婚或丧偶',
      'Marital status must be unmarried, married, divorced or widowed',
    );
  // empty means "not supplied" (an import must not dispute a stored value it does not know)
  const residenceType = input.residenceType?.trim() ? RESIDENCE[input.residenceType.trim()] : null;
  if (residenceType === undefined)
    add('residenceType', '人口类型应为常住或流动', 'Residence type must be resident or floating');
  const grade =
    input.disabilityGrade === undefined || input.disabilityGrade === '' ? null : Number(input.disabilityGrade);
  if (grade !== null && (!Number.isInteger(grade) || grade < 1 || grade > 4))
    add('disabilityGrade', '残疾等级应为1-4级', 'Disability grade must be 1-4');
  const veteran =
    typeof input.isVeteran === 'boolean'
      ? input.isVeteran
      : ['true', '1', '是', 'yes'].includes(String(input.isVeteran ?? '').trim());
  if (!/^\d{12}$/.test(input.divisionCode ?? ''))
    add('divisionCode', '所属村（社区）代码应为12位数字', 'Division code must be a 12-digit village/community code');
  if (problems.length || !id.ok || !sex) return { ok: false, problems };
  return {
    ok: true,
    person: {
      idNumber: id.value,
      name,
      sex,
      birthDate: id.info.birthDate,
      ethnicity: input.ethnicity?.trim() || null,
      phone,
      registeredAddress: input.registeredAddress?.trim() || null,
      residenceAddress: input.residenceAddress?.trim() || null,
      residenceType: residenceType ?? null,
      maritalStatus: maritalStatus ?? null,
      disabilityGrade: grade,
      isVeteran: veteran,
      divisionCode: input.divisionCode,
    },
  };
}

/** The columns of a person row: encrypted, masked, blind-indexed (`idIndex` when already computed) and tokenised. */
export function personColumns(
  p: CleanPerson,
  cipher: PiiCipher,
  provenance: Record<string, unknown>,
  idIndex: Buffer = cipher.blindIndex(p.idNumber),
) {
  return {
    id_number_enc: cipher.encrypt(p.idNumber),
    id_number_bidx: idIndex,
    id_number_masked: maskIdNumber(p.idNumber),
    name: p.name,
    sex: p.sex,
    birth_date: p.birthDate,
    ethnicity: p.ethnicity,
    phone_enc: p.phone ? cipher.encrypt(p.phone) : null,
    phone_bidx: p.phone ? cipher.blindIndex(p.phone) : null,
    phone_masked: p.phone ? maskPhone(p.phone) : null,
    registered_address: p.registeredAddress,
    residence_address: p.residenceAddress,
    residence_type: p.residenceType ?? 'resident',
    marital_status: p.maritalStatus,
    disability_grade: p.disabilityGrade,
    is_veteran: p.isVeteran,
    division_code: p.divisionCode,
    provenance: JSON.stringify(provenance),
    search_text: [p.name, p.residenceAddress, p.registeredAddress].filter(Boolean).join(' '),
    search_tokens: tsvectorLiteral(searchTokens(p.name, p.residenceAddress)),
  };
}

/** Fields whose provenance is tracked and which an import may fill or dispute. */
export const TRACKED_FIELDS = [
  'name',
  'ethnicity',
  'phone',
  'registeredAddress',
  'residenceAddress',
  'residenceType',
  'maritalStatus',
  'disabilityGrade',
  'isVeteran',
  'divisionCode',
] as const;
