/** Every time the product shows is Beijing time, whatever the browser's own time zone. */
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const shanghaiDateTime = (iso: string) => DATE_TIME.format(new Date(iso));
export const shanghaiDate = (iso: string) => DATE.format(new Date(iso));
