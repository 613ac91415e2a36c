import { shell } from './zh-CN/shell.ts';
import { cases } from './zh-CN/cases.ts';
import { people } from './zh-CN/people.ts';
import { assistance } from './zh-CN/assistance.ts';
import { centre } from './zh-CN/centre.ts';
import { complaints } from './zh-CN/complaints.ts';

/**
 * 简体中文: the product's default language and the shape the other languages must fill. One file per area
 * under zh-CN/; scripts/gen-zh-tw.ts reads this object to write zh-TW.ts.
 */
export const zhCN = { ...shell, ...cases, ...people, ...assistance, ...centre, ...complaints };
export type Messages = typeof zhCN;
