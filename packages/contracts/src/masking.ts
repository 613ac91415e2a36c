// One masking function per kind of personal information: lists, notices and exports show these, and
// the full value only after a permitted, audited reveal.

/** 4201**********123X: first four and last four shown. */
export function maskIdNumber(value: string): string {
  return value.length <= 8
    ? '*'.repeat(value.length)
    : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** 138****5678 */
export function maskPhone(value: string): string {
  return value.length < 7
    ? '*'.repeat(value.length)
    : `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张*三 for notices (公示): first and last character, the rest hidden; two characters keep the first. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** ****4321: a bank account shows its last four digits only. */
export const maskAccount = (account: string) => `****${account.slice(-4)}`;
