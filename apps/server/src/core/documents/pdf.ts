import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
/** Noto Sans SC (OFL) from npm, so a bare machine renders Chinese without system fonts. */
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

/** Everything a printed document says; stored with the document, hashed, and rendered from. */
export interface DocumentContent {
  title: string;
  number: string;
  issuer: string;
  issuedOn: string;
  addressee?: string;
  body?: string[];
  lines?: Array<[string, string]>;
  list?: { heading: string; items: string[] };
  /** headed paragraphs after the list (a meeting's minutes, then what was decided) */
  sections?: Array<{ heading: string; paragraphs: string[] }>;
  footer?: string[];
}

/** A pdfkit document with the Chinese fonts registered as 'regular' and 'bold', and its bytes when it ends. */
export function chineseDocument(options: PDFKit.PDFDocumentOptions) {
  const doc = new PDFDocument(options);
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, done };
}

/** A QR code as PNG bytes. */
export const qrPng = (url: string, width = 220) =>
  QRCode.toBuffer(url, { type: 'png', margin: 1, width, errorCorrectionLevel: 'M' });

export async function renderDocumentPdf(
  content: DocumentContent,
  verification: { code: string; url: string },
  issuedAt: Date,
): Promise<Buffer> {
  const qr = await qrPng(verification.url);
  const { doc, done } = chineseDocument({
    size: 'A4',
    margin: 56,
    info: { Title: content.title, Author: content.issuer, CreationDate: issuedAt, Producer: 'Grassroots' },
  });

  const width = doc.page.width - 112;
  doc.font('bold').fontSize(20).text(content.title, { align: 'center', width });
  doc.moveDown(0.3).font('regular').fontSize(11).text(content.number, { align: 'center', width });
  doc.moveDown(1.2);
  if (content.addressee) doc.fontSize(12).text(`${content.addressee}：`).moveDown(0.5);
  for (const p of content.body ?? []) doc.fontSize(12).text(p, { indent: 24, lineGap: 4, width }).moveDown(0.4);
  if (content.lines?.length) {
    doc.moveDown(0.4);
    for (const [label, value] of content.lines) {
      const y = doc.y;
      doc.font('bold').fontSize(11).text(label, 56, y, { width: 120 });
      doc
        .font('regular')
        .fontSize(11)
        .text(value || '—', 180, y, { width: width - 124 });
      doc.moveDown(0.4);
    }
  }
  if (content.list) {
    doc.moveDown(0.6).font('bold').fontSize(12).text(content.list.heading, 56);
    content.list.items.forEach((item, i) =>
      doc
        .font('regular')
        .fontSize(11)
        .text(`${i + 1}. ${item}`, 72, undefined, { width: width - 16 }),
    );
  }
  for (const section of content.sections ?? []) {
    doc.moveDown(0.6).font('bold').fontSize(12).text(section.heading, 56);
    for (const p of section.paragraphs)
      doc.font('regular').fontSize(12).text(p, 56, undefined, { indent: 24, lineGap: 4, width }).moveDown(0.3);
  }
  doc.moveDown(1);
  for (const f of content.footer ?? [])
    doc.font('regular').fontSize(10).text(f, 56, undefined, { width }).moveDown(0.2);
  doc
    .moveDown(1.2)
    .font('regular')
    .fontSize(12)
    .text(content.issuer, { align: 'right', width })
    .text(content.issuedOn, { align: 'right', width });

  // verification block at the foot of the page; a long document that reaches the foot gets a page of its own for it
  const footY = doc.page.height - 56 - 90;
  if (doc.y > footY - 12) doc.addPage();
  doc.image(qr, 56, footY, { width: 80 });
  doc
    .font('regular')
    .fontSize(9)
    .text(`验证码 Verification code: ${verification.code}`, 148, footY + 18, { width: width - 92 });
  doc.text(`扫码或访问 ${verification.url} 核验本文书真伪`, 148, footY + 34, { width: width - 92 });
  doc.end();
  return done;
}
