/**
 * 繁體中文 from 简体中文 with OpenCC (Taiwan phrases), for the console and portal dictionaries.
 * Run after editing a zh-CN dictionary: `npx tsx scripts/gen-zh-tw.ts`; review the diff, then commit.
 * With `--check` it writes nothing and fails if a zh-TW.ts is not what zh-CN gives (CI's lint step runs it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error opencc-js ships no types
import * as OpenCC from 'opencc-js';

const opencc = OpenCC.Converter({ from: 'cn', to: 'twp' }) as (s: string) => string;
/** OpenCC's computing vocabulary misreads government words: 窗口 is a service window, 对象 the case's subject, 代码 a division code, 审核 a review (not 稽核, an audit). */
const FIXES: Array<[RegExp, string]> = [
  [/視窗/g, '窗口'],
  [/型別/g, '類型'],
  [/物件/g, '對象'],
  [/程式碼/g, '代碼'],
  [/退出登入/g, '登出'],
  [/稽核/g, '審核'],
  [/髮放/g, '發放'],
  [/社群/g, '社區'],
];
const convert = (s: string) => FIXES.reduce((out, [re, to]) => out.replace(re, to), opencc(s));
const root = path.resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
let stale = false;

const deep = (v: unknown): unknown =>
  typeof v === 'string'
    ? convert(v)
    : Array.isArray(v)
      ? v.map(deep)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
        : v;

for (const [dir, exportName] of [
  ['apps/web/src/console/i18n', 'zhCN'],
  ['apps/web/src/portal/i18n', 'zhCN'],
] as const) {
  if (!existsSync(path.join(root, dir, 'zh-CN.ts'))) continue;
  const mod = await import(path.join(root, dir, 'zh-CN.ts'));
  const out = `// Generated from zh-CN.ts by scripts/gen-zh-tw.ts (OpenCC, Taiwan phrases); reviewed by hand.\nimport type { Messages } from './zh-CN.ts';\n\nexport const zhTW: Messages = ${JSON.stringify(deep(mod[exportName]), null, 2)};\n`;
  const file = path.join(root, dir, 'zh-TW.ts');
  if (!check) {
    writeFileSync(file, out);
    console.log(`wrote ${dir}/zh-TW.ts`);
  } else if (!existsSync(file) || readFileSync(file, 'utf8') !== out) {
    console.log(`${dir}/zh-TW.ts is stale: run npx tsx scripts/gen-zh-tw.ts`);
    stale = true;
  }
}
if (stale) process.exit(1);
