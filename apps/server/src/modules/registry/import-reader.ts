import type { Readable } from 'node:stream';
import { HashingStream, readRows, type SourceRow } from '../../core/documents/table-reader.ts';
import type { UploadLimits } from '../../core/documents/upload-limits.ts';

export { HashingStream, readRows, type SourceRow };

/** Column headings we accept, Chinese or English, mapped to field names. */
export const COLUMN_ALIASES: Record<string, string> = {
  公民身份号码: 'idNumber',
  身份证号: 'idNumber',
  身份证号码: 'idNumber',
  idnumber: 'idNumber',
  姓名: 'name',
  name: 'name',
  性别: 'sex',
  sex: 'sex',
  出生日期: 'birthDate',
  birthdate: 'birthDate',
  民族: 'ethnicity',
  ethnicity: 'ethnicity',
  联系电话: 'phone',
  电话: 'phone',
  手机: 'phone',
  phone: 'phone',
  户籍地址: 'registeredAddress',
  registeredaddress: 'registeredAddress',
  居住地址: 'residenceAddress',
  现住址: 'residenceAddress',
  residenceaddress: 'residenceAddress',
  人口类型: 'residenceType',
  residencetype: 'residenceType',
  婚姻状况: 'maritalStatus',
  maritalstatus: 'maritalStatus',
  残疾等级: 'disabilityGrade',
  disabilitygrade: 'disabilityGrade',
  退役军人: 'isVeteran',
  isveteran: 'isVeteran',
  所属村社区代码: 'divisionCode',
  区划代码: 'divisionCode',
  divisioncode: 'divisionCode',
  户号: 'householdNumber',
  householdnumber: 'householdNumber',
  与户主关系: 'relation',
  relation: 'relation',
  户地址: 'householdAddress',
  householdaddress: 'householdAddress',
};

const RELATIONS: Record<string, string> = {
  户主: 'head',
  本人: 'head',
  配偶: 'spouse',
  子女: 'child',
  子: 'child',
  女: 'child',
  父母: 'parent',
  父亲: 'parent',
  母亲: 'parent',
  孙子女: 'grandchild',
  兄弟姐妹: 'sibling',
  其他: 'other',
};
export const normaliseRelation = (v: string) => RELATIONS[v.trim()] ?? v.trim();

/** Field names an import fills; a column mapped to none of them is ignored. */
export const IMPORT_FIELDS = [...new Set(Object.values(COLUMN_ALIASES))];

/**
 * Maps the file's headings to fields: an operator's explicit mapping (heading → field, '' to ignore)
 * first, then the known aliases.
 */
export function mapHeader(
  header: string[],
  mapping: Record<string, string> = {},
): { fields: string[]; unknown: string[] } {
  const fields = header.map((raw) => {
    const h = raw.replace(/^\uFEFF/, '').trim();
    if (h in mapping) return IMPORT_FIELDS.includes(mapping[h]!) ? mapping[h]! : '';
    return COLUMN_ALIASES[h.toLowerCase()] ?? COLUMN_ALIASES[h] ?? '';
  });
  return { fields, unknown: header.filter((_, i) => !fields[i]) };
}

/** The heading and first rows of a file, for the import wizard to show before anything is stored. */
export async function previewRows(
  input: Readable,
  format: 'csv' | 'xlsx',
  rows = 5,
  limits?: UploadLimits,
): Promise<{ header: string[]; rows: SourceRow[]; suggested: string[] }> {
  let header: string[] = [];
  const out: SourceRow[] = [];
  for await (const item of readRows(input, format, new HashingStream(), limits)) {
    if ('header' in item) header = item.header.map((h) => h.replace(/^\uFEFF/, '').trim());
    else out.push(item);
    if (out.length >= rows) break;
  }
  input.resume();
  return { header, rows: out, suggested: mapHeader(header).fields };
}
