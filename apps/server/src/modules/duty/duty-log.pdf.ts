import { chineseDocument } from '../../core/documents/pdf.ts';
import type { DutyService } from './duty.service.ts';

const KIND: Record<string, string> = {
  visitor: '来访接待',
  matter: '事项处理',
  emergency: '突发事件',
  handover: '交接班',
};

/** 值日簿: one day's page — who was on duty, what came in and what was done, emergencies in full, the hand-over. */
export async function renderDutyLogPdf(log: Awaited<ReturnType<DutyService['log']>>): Promise<Buffer> {
  const { doc, done } = chineseDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${log.department}值日簿 ${log.day}`, Author: log.department, Producer: 'Grassroots' },
  });
  const width = doc.page.width - 112;
  doc.font('bold').fontSize(20).text(`${log.department}值日簿`, { align: 'center', width });
  doc
    .moveDown(0.3)
    .font('regular')
    .fontSize(12)
    .text(`${log.day}    值日领导：${log.leader ?? '（未排）'}`, { align: 'center', width });
  doc.moveDown(1);
  for (const kind of ['visitor', 'matter', 'emergency', 'handover']) {
    const entries = log.entries.filter((e) => e.kind === kind);
    doc.font('bold').fontSize(13).fill('#b3261e').text(KIND[kind]!, 56, doc.y, { width }).fill('#000000');
    if (entries.length === 0)
      doc
        .font('regular')
        .fontSize(10)
        .fill('#666666')
        .text('无', 72, doc.y, { width: width - 16 })
        .fill('#000000');
    for (const e of entries) {
      doc
        .font('regular')
        .fontSize(10.5)
        .text(`${e.atTime}  ${e.text}（${e.writtenBy}）`, 72, doc.y, { width: width - 16 });
      const d = e.details as { warning?: string; broadcasts?: number; inspections?: string[] };
      const facts = [
        d.warning && `预警：${d.warning}`,
        e.villagesNotifiedNames.length
          ? `已通知村（社区）：${e.villagesNotifiedNames.join('、')}（${e.villagesNotifiedNames.length}个）`
          : '',
        d.broadcasts !== undefined && `广播：${d.broadcasts} 次`,
        d.inspections?.length && `巡查：${d.inspections.join('；')}`,
      ].filter(Boolean) as string[];
      for (const f of facts)
        doc
          .fontSize(9.5)
          .fill('#444444')
          .text(f, 88, doc.y, { width: width - 32 })
          .fill('#000000');
      doc.moveDown(0.3);
    }
    doc.moveDown(0.6);
  }
  doc
    .moveDown(1)
    .font('regular')
    .fontSize(11)
    .text('值日领导签字：__________        接班领导签字：__________', 56, doc.y, { width });
  doc.end();
  return done;
}

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];

/** 值日表: the rota of a range as a table to post on the wall, swapped days marked. */
export async function renderRotaPdf(
  department: string,
  from: string,
  to: string,
  rows: Array<{ day: string; leader: string; swapped: boolean }>,
): Promise<Buffer> {
  const { doc, done } = chineseDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${department}值日表`, Author: department, Producer: 'Grassroots' },
  });
  const width = doc.page.width - 112;
  doc.font('bold').fontSize(20).text(`${department}值日表`, { align: 'center', width });
  doc.moveDown(0.3).font('regular').fontSize(11).text(`${from} 至 ${to}`, { align: 'center', width }).moveDown(1);
  const columns = [
    { title: '日期', w: 120 },
    { title: '星期', w: 60 },
    { title: '值日领导', w: 200 },
    { title: '备注', w: width - 380 },
  ];
  const line = (cells: string[], bold = false) => {
    if (doc.y > doc.page.height - 80) doc.addPage();
    const y = doc.y;
    let x = 56;
    cells.forEach((c, i) => {
      doc
        .font(bold ? 'bold' : 'regular')
        .fontSize(10.5)
        .text(c, x + 4, y + 4, { width: columns[i]!.w - 8, lineBreak: false });
      x += columns[i]!.w;
    });
    doc
      .moveTo(56, y + 20)
      .lineTo(56 + width, y + 20)
      .strokeColor('#cccccc')
      .stroke();
    doc.y = y + 22;
  };
  line(
    columns.map((c) => c.title),
    true,
  );
  for (const r of rows)
    line([r.day, `周${WEEKDAY[new Date(`${r.day}T12:00:00+08:00`).getUTCDay()]}`, r.leader, r.swapped ? '已调班' : '']);
  doc.end();
  return done;
}
