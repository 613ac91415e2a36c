import { chineseDocument, qrPng } from '../../core/documents/pdf.ts';
import { type CardContent, limitText, type Office } from './publications.content.ts';

const RED = '#b3261e';
const GREY = '#444444';

/**
 * 便民服务一卡通 (A4, one per household) and the same content as the village notice board (A2 poster,
 * everything twice the size): the township centre's items and phones, the village consultant, the
 * social-service numbers, and the county's offices with their addresses, phones and items.
 */
export async function renderCardPdf(c: CardContent, format: 'card' | 'board', generatedOn: string): Promise<Buffer> {
  const k = format === 'board' ? 2 : 1;
  const margin = 36 * k;
  const title = format === 'board' ? '便民服务公开栏' : '便民服务一卡通';
  const { doc, done } = chineseDocument({
    size: format === 'board' ? 'A2' : 'A4',
    margin,
    info: { Title: `${c.village.name}${title}`, Author: c.centre?.name ?? c.township, Producer: 'Grassroots' },
  });
  const width = doc.page.width - 2 * margin;
  const bottom = () => doc.page.height - margin - 24 * k;
  let y = 0;
  const room = (needed: number) => {
    if (y + needed > bottom()) {
      doc.addPage();
      y = margin;
    }
  };

  // header band with the QR code of the online guide
  const band = 104 * k;
  doc.rect(0, 0, doc.page.width, band).fill(RED);
  const qr = await qrPng(c.guideUrl, 300);
  doc.rect(doc.page.width - margin - 84 * k, 10 * k, 84 * k, 84 * k).fill('#ffffff');
  doc.image(qr, doc.page.width - margin - 80 * k, 14 * k, { width: 76 * k });
  doc
    .fill('#ffffff')
    .font('bold')
    .fontSize(28 * k)
    .text(title, margin, 18 * k, { width: width - 100 * k });
  doc
    .font('regular')
    .fontSize(12 * k)
    .text(`${c.county} ${c.township} ${c.village.name}`, margin, 58 * k, { width: width - 100 * k });
  doc
    .fontSize(9 * k)
    .text('扫右侧二维码查看全部办事指南、预约、取号和评价', margin, 80 * k, { width: width - 100 * k });
  y = band + 14 * k;

  const section = (heading: string) => {
    room(40 * k);
    doc.rect(margin, y + 2 * k, 4 * k, 16 * k).fill(RED);
    doc
      .fill('#000000')
      .font('bold')
      .fontSize(14 * k)
      .text(heading, margin + 10 * k, y, { width: width - 10 * k });
    y = doc.y + 4 * k;
  };
  const line = (text: string, size = 10, font: 'regular' | 'bold' = 'regular', color = '#000000', indent = 0) => {
    doc
      .font(font)
      .fontSize(size * k)
      .fill(color);
    room(doc.heightOfString(text, { width: width - indent }));
    doc.text(text, margin + indent, y, { width: width - indent });
    y = doc.y + 2 * k;
  };

  if (c.centre) {
    section(`${c.centre.name}（一站式办理）`);
    line(
      [c.centre.address && `地址：${c.centre.address}`, c.centre.phone && `电话：${c.centre.phone}`]
        .filter(Boolean)
        .join('    '),
      10,
      'bold',
    );
    if (c.centre.hours) line(`办公时间：${c.centre.hours}`, 9, 'regular', GREY);
    twoColumns(c.centre.items.map((i) => `· ${i.name}（${limitText(i)}${i.guide.appointment ? '，可预约' : ''}）`));
  }

  section('本村（社区）便民服务咨询员');
  line(
    c.consultant ? `${c.consultant.name}    ${c.consultant.phone}` : '（尚未登记，请联系便民服务中心）',
    16,
    'bold',
    RED,
  );
  line('不知道找谁办、带什么材料，先问咨询员；可代为预约、代办。', 9, 'regular', GREY);

  section('社会服务电话');
  const perRow = 4;
  for (let r = 0; r < c.hotlines.length; r += perRow) {
    room(18 * k);
    c.hotlines.slice(r, r + perRow).forEach(([name, number], i) => {
      const x = margin + (i * width) / perRow;
      doc
        .font('bold')
        .fontSize(12 * k)
        .fill(RED)
        .text(number, x, y, { width: width / perRow, continued: true })
        .font('regular')
        .fontSize(9 * k)
        .fill('#000000')
        .text(` ${name}`);
    });
    y += 18 * k;
  }

  section(`${c.county}有关部门`);
  for (const o of c.departments) office(o);

  room(30 * k);
  doc
    .font('regular')
    .fontSize(8 * k)
    .fill(GREY)
    .text(
      `本${format === 'board' ? '栏' : '卡'}由办事指南自动生成（${generatedOn}），事项有变化时重新生成；具体以网上办事指南为准：${c.guideUrl}`,
      margin,
      Math.max(y + 6 * k, bottom() - 4 * k),
      { width },
    );
  doc.end();
  return done;

  function twoColumns(entries: string[]) {
    const colWidth = (width - 12 * k) / 2;
    const half = Math.ceil(entries.length / 2);
    for (let r = 0; r < half; r++) {
      const pair = [entries[r], entries[r + half]].filter((e): e is string => !!e);
      doc.font('regular').fontSize(9 * k);
      const h = Math.max(...pair.map((e) => doc.heightOfString(e, { width: colWidth })));
      room(h + 2 * k);
      pair.forEach((e, i) => doc.fill('#000000').text(e, margin + i * (colWidth + 12 * k), y, { width: colWidth }));
      y += h + 2 * k;
    }
  }

  function office(o: Office) {
    const items =
      o.items.length > 12
        ? `${o.items
            .slice(0, 12)
            .map((i) => i.name)
            .join('、')} 等 ${o.items.length} 项`
        : o.items.map((i) => i.name).join('、');
    doc.font('bold').fontSize(10 * k);
    const head = `${o.name}${o.phone ? `  ${o.phone}` : ''}`;
    room(doc.heightOfString(head, { width }) + (items ? 24 * k : 12 * k));
    doc.fill('#000000').text(head, margin, y, { width });
    y = doc.y + 1 * k;
    if (o.address) line(`地址：${o.address}${o.hours ? `    ${o.hours}` : ''}`, 8, 'regular', GREY, 8 * k);
    if (items) line(`办理：${items}`, 8, 'regular', '#000000', 8 * k);
    y += 3 * k;
  }
}
