/** Business dates are Asia/Shanghai calendar dates as 'YYYY-MM-DD' strings. */
const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function shanghaiDateOf(instant: Date): string {
  return shanghaiDate.format(instant);
}

/** Today in Asia/Shanghai; GRASSROOTS_TODAY pins it (demos and tests of deadlines). */
export function today(): string {
  return process.env.GRASSROOTS_TODAY ?? shanghaiDateOf(new Date());
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
