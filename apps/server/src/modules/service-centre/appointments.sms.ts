/** The text of a booking's SMS, from the booking as it is when the job runs (undefined: nothing to send). */
export function appointmentSmsText(
  a: {
    reference: string;
    kind: 'window' | 'homeVisit';
    status: string;
    day: string;
    centre: string;
    address: string | null;
    starts_at: string | null;
    ends_at: string | null;
    item: string | null;
  },
  event: 'booked' | 'cancelled',
) {
  if (event === 'cancelled') return `【${a.centre}】您的预约（${a.reference}）已取消。`;
  if (a.status !== 'booked') return undefined;
  const when =
    a.kind === 'window' ? `${a.day} ${a.starts_at}-${a.ends_at}` : `${a.day}（上门服务，工作人员将电话联系您）`;
  return `【${a.centre}】您已预约「${a.item}」，时间 ${when}，预约号 ${a.reference}。${a.kind === 'window' ? `请凭预约号到${a.address ?? '中心'}取号。` : ''}如需取消请登录政务服务网站。`;
}
