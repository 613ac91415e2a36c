import { chineseDocument, qrPng } from '../../core/documents/pdf.ts';
import { type GuideItem, type HandbookContent, limitText } from './publications.content.ts';

const KIND: Record<string, string> = {
  licence: '行政许可',
  payment: '行政给付',
  confirmation: '行政确认',
  adjudication: '行政裁决',
  reward: '行政奖励',
  publicService: '公共服务',
  other: '其他行政权力',
};
const MODE: Record<string, string> = { onTheSpot: '即办件', promised: '承诺件', agency: '代办件', forwarded: '上报件' };
const TOC_LINES_PER_PAGE = 36;
const MARGIN = 56;

/**
 * 办事指南汇编: a cover with the QR code of the online guide, the contents with page numbers, then
 * every office's items with their conditions, materials and steps. Pages are buffered so the
 * contents can be written once the body has found its page numbers.
 */
export async function renderHandbookPdf(h: HandbookContent, generatedOn: string): Promise<Buffer> {
  const { doc, done } = chineseDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${h.county}政务服务事项办事指南汇编`, Author: h.county, Producer: 'Grassroots' },
  });
  const width = doc.page.width - 2 * MARGIN;
  const itemCount = h.offices.reduce((n, o) => n + o.items.length, 0);

  // cover
  doc.font('bold').fontSize(30).text(h.county, MARGIN, 200, { width, align: 'center' });
  doc.fontSize(26).text('政务服务事项办事指南汇编', { width, align: 'center' });
  doc
    .font('regular')
    .fontSize(13)
    .moveDown(1)
    .text(`共 ${h.offices.length} 个部门、${itemCount} 个事项`, { width, align: 'center' });
  doc.image(await qrPng(h.guideUrl, 300), doc.page.width / 2 - 60, 420, { width: 120 });
  doc.fontSize(10).text(`扫码查看网上办事指南：${h.guideUrl}`, MARGIN, 550, { width, align: 'center' });
  doc.fontSize(12).text(generatedOn, MARGIN, 700, { width, align: 'center' });

  // contents: reserved now, written at the end
  const entries: Array<{ text: string; page: number; level: 0 | 1 }> = [];
  const tocPages = Math.max(1, Math.ceil((h.offices.length + itemCount) / TOC_LINES_PER_PAGE));
  for (let i = 0; i < tocPages; i++) doc.addPage();
  const currentPage = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  const room = (needed: number) => {
    if (doc.y + needed > doc.page.height - MARGIN - 20) doc.addPage();
  };

  let n = 0;
  for (const office of h.offices) {
    doc.addPage();
    entries.push({ text: office.name, page: currentPage(), level: 0 });
    doc.font('bold').fontSize(18).fill('#b3261e').text(office.name, MARGIN, MARGIN, { width });
    doc
      .font('regular')
      .fontSize(10)
      .fill('#444444')
      .text(
        [
          office.address && `地址：${office.address}`,
          office.phone && `电话：${office.phone}`,
          office.hours && `办公时间：${office.hours}`,
        ]
          .filter(Boolean)
          .join('    '),
        { width },
      );
    doc.fill('#000000').moveDown(0.8);
    for (const item of office.items) {
      n += 1;
      room(160);
      entries.push({ text: `${n}. ${item.name}`, page: currentPage(), level: 1 });
      renderItem(item, n);
    }
  }

  // the contents, now that the pages are known
  for (let p = 0; p < tocPages; p++) {
    doc.switchToPage(1 + p);
    let y = MARGIN;
    if (p === 0) {
      doc.font('bold').fontSize(20).text('目  录', MARGIN, y, { width, align: 'center' });
      y += 40;
    }
    for (const e of entries.slice(p * TOC_LINES_PER_PAGE, (p + 1) * TOC_LINES_PER_PAGE)) {
      const indent = e.level === 0 ? 0 : 16;
      doc.font(e.level === 0 ? 'bold' : 'regular').fontSize(e.level === 0 ? 11 : 10);
      doc.text(e.text, MARGIN + indent, y, { width: width - indent - 40, lineBreak: false, ellipsis: true });
      doc.text(String(e.page + 1), MARGIN + width - 40, y, { width: 40, align: 'right', lineBreak: false });
      y += 18;
    }
  }
  // page numbers; the margin is lifted so the footer does not start a new page
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(9)
      .fill('#666666')
      .text(`— ${i + 1} —`, 0, doc.page.height - 36, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;

  function renderItem(i: GuideItem, number: number) {
    const g = i.guide;
    doc.font('bold').fontSize(13).fill('#000000').text(`${number}. ${i.name}`, MARGIN, doc.y, { width });
    doc.moveDown(0.2);
    const facts: Array<[string, string]> = [
      ['事项编码', i.code],
      ['事项类型', KIND[i.kind] ?? i.kind],
      ['办理窗口', g.window ?? ''],
      ['办件类型', MODE[i.handlingMode] ?? i.handlingMode],
      [
        '法定时限',
        i.statutoryDays === 0 ? '即办' : `${i.statutoryDays}${i.limitUnit === 'working' ? '个工作日' : '日'}`,
      ],
      ['承诺时限', limitText(i)],
      ['到现场次数', `${g.visitsNeeded ?? 1} 次`],
      [
        '收费',
        g.fees?.length
          ? g.fees.map((f) => `${f.name} ${(f.amountFen / 100).toFixed(2)}元（${f.basis}）`).join('；')
          : '不收费',
      ],
      ['办理地点', g.place ?? ''],
      ['办理时间', g.hours ?? ''],
      ['咨询电话', g.enquiryPhone ?? ''],
      ['监督投诉', g.complaintPhone ?? ''],
      ['网上预约', g.appointment ? '可预约' : '不需预约'],
    ];
    for (const [label, value] of facts) {
      if (!value) continue;
      room(16);
      const y = doc.y;
      doc.font('bold').fontSize(9.5).text(label, MARGIN, y, { width: 70 });
      doc
        .font('regular')
        .fontSize(9.5)
        .text(value, MARGIN + 74, y, { width: width - 74 });
    }
    list('设定依据', g.legalBasis ?? []);
    list('受理条件', g.conditions ?? []);
    list(
      '申请材料',
      (g.materials ?? []).map(
        (m) =>
          `${m.name}（${m.original ? '原件' : '复印件'}${m.copies > 1 ? ` ${m.copies} 份` : ''}，${m.electronic ? '电子' : '纸质'}，${m.source}${m.required ? (m.mayComeLater ? '，可容缺后补' : '') : '，非必需'}）`,
      ),
    );
    const steps = (g.steps ?? []).map((s) => (s.countsTowardLimit ? s.name : `${s.name}（不计入时限）`));
    if (steps.length) list('办理流程', [steps.join(' → ')], false);
    doc
      .font('regular')
      .fontSize(8.5)
      .fill('#666666')
      .text(`网上办事指南：${h.guideUrl}/${encodeURIComponent(i.code)}`, MARGIN, doc.y + 2, { width });
    doc.fill('#000000').moveDown(1);
  }

  function list(heading: string, lines: string[], numbered = true) {
    if (lines.length === 0) return;
    room(30);
    doc
      .font('bold')
      .fontSize(9.5)
      .text(heading, MARGIN, doc.y + 3, { width });
    lines.forEach((l, k) => {
      doc.font('regular').fontSize(9.5);
      room(doc.heightOfString(l, { width: width - 14 }));
      doc.text(numbered ? `${k + 1}. ${l}` : l, MARGIN + 14, doc.y, { width: width - 14 });
    });
  }
}
