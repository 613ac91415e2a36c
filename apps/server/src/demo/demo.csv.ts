import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvText } from '../core/documents/spreadsheet.ts';
import { DEMO_COUNTY, demoScale } from './demo.seed.ts';
import { demoDivisions, demoHouseholds, rng } from './demo.generator.ts';

const RELATION_ZH: Record<string, string> = { head: '户主', spouse: '配偶', child: '子女', parent: '父母' };
const MARITAL_ZH: Record<string, string> = { unmarried: '未婚', married: '已婚', divorced: '离婚', widowed: '丧偶' };

/**
 * Writes the demo county's persons as the CSV another department would send (Chinese headings,
 * UTF-8 with BOM), streamed: the same seed and size give the same people as `demo seed`.
 */
export async function writeDemoCsv(
  file: string,
  persons: number,
  seed: number,
  onProgress?: (n: number, total: number) => void,
) {
  const r = rng(seed);
  const scale = demoScale(persons);
  const towns = demoDivisions(r, DEMO_COUNTY.code, scale.townships, scale.villages);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    `\uFEFF${csvText([['公民身份号码', '姓名', '性别', '出生日期', '民族', '联系电话', '户籍地址', '居住地址', '人口类型', '婚姻状况', '残疾等级', '退役军人', '所属村社区代码', '户号', '与户主关系', '户地址']])}`,
  );
  let n = 0;
  for (const h of demoHouseholds(r, DEMO_COUNTY.code, towns, persons, DEMO_COUNTY.name)) {
    const rows = h.members.map((p) => [
      p.idNumber,
      p.name,
      p.sex === 'male' ? '男' : '女',
      p.birthDate,
      p.ethnicity,
      p.phone ?? '',
      p.registeredAddress,
      p.residenceAddress,
      p.residenceType === 'floating' ? '流动' : '常住',
      MARITAL_ZH[p.maritalStatus] ?? '',
      p.disabilityGrade ?? '',
      p.isVeteran ? '是' : '',
      p.divisionCode,
      h.number,
      RELATION_ZH[p.relation] ?? '其他',
      h.address,
    ]);
    await write(csvText(rows));
    n += rows.length;
    if (n % 10_000 < rows.length) onProgress?.(n, persons);
  }
  out.end();
  await once(out, 'finish');
  onProgress?.(n, persons);
  return { persons: n, townships: towns };
}
