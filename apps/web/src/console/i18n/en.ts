import type { Messages } from './zh-CN.ts';
import { shell } from './en/shell.ts';
import { cases } from './en/cases.ts';
import { people } from './en/people.ts';
import { assistance } from './en/assistance.ts';
import { centre } from './en/centre.ts';
import { complaints } from './en/complaints.ts';

/** English, one file per area under en/; typed as Messages so a missing area or key fails the type check. */
export const en: Messages = { ...shell, ...cases, ...people, ...assistance, ...centre, ...complaints };
