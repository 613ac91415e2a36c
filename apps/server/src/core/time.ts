/** Business dates are Asia/Shanghai calendar dates as 'YYYY-MM-DD' strings. */
const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function shanghaiDateOf(instant: Date): string {
  return shanghaiDate.format(instant);
}

export type Clock = () => Date;

/**
 * The clock every service reads. With a pinned day (GRASSROOTS_TODAY, for demos and deadline tests)
 * it keeps the real time of day but moves it to that date in Asia/Shanghai.
 */
export function makeClock(pinnedDay?: string): Clock {
  if (!pinnedDay) return () => new Date();
  return () => {
    const now = new Date();
    const offsetMs = now.getTime() - Date.parse(`${shanghaiDateOf(now)}T00:00:00+08:00`);
    return new Date(Date.parse(`${pinnedDay}T00:00:00+08:00`) + offsetMs);
  };
}

const defaultClock = makeClock(process.env.GRASSROOTS_TODAY);

/** Today in Asia/Shanghai by the given clock. */
export function today(clock: Clock = defaultClock): string {
  return shanghaiDateOf(clock());
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
