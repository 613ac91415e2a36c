import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Builds ZIP archives byte by byte for the archive-bomb tests: honest ones, and ones whose headers
 * lie, hide an entry or carry a fake data descriptor. Test support only; nothing here runs in production.
 */
export interface ZipEntry {
  name: string;
  /** the content: deflated unless `stored` */
  data?: Buffer;
  /** already deflated bytes and the size they unpack to (a bomb built without holding it in memory twice) */
  deflated?: { bytes: Buffer; size: number };
  stored?: boolean;
  /** sizes in a data descriptor after the data, zeros in the local header (as exceljs and Java write) */
  descriptor?: boolean;
  /** the unpacked size the headers claim, when it should lie */
  claimedSize?: number;
  /** left out of the central directory: an entry only a sequential reader meets */
  hidden?: boolean;
}

export function buildZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  let listed = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = e.deflated?.bytes ?? (e.stored ? e.data! : deflateRawSync(e.data ?? Buffer.alloc(0)));
    const size = e.claimedSize ?? e.deflated?.size ?? e.data?.length ?? 0;
    const crc = e.data ? crc32(e.data) : 0;
    const method = e.stored ? 0 : 8;
    const flags = (e.descriptor ? 8 : 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : packed.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(e.descriptor ? 16 : 0);
    if (e.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(packed.length, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    parts.push(local, name, packed, descriptor);
    if (!e.hidden) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(flags, 8);
      central.writeUInt16LE(method, 10);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(packed.length, 20);
      central.writeUInt32LE(size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      directory.push(central, name);
      listed++;
    }
    offset += local.length + name.length + packed.length + descriptor.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

const HEADING = '公民身份号码,姓名,所属村社区代码'.split(',');
const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
export const inlineRow = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;
/** The same person over and over: what a bomb's sheet repeats. */
const BOMB_ROW =
  '<row><c t="inlineStr"><is><t>11010519491231002X</t></is></c><c t="inlineStr"><is><t>张三</t></is></c></row>';

/**
 * The first sheet of a minimal workbook exceljs reads: the heading, then `rows` (XML), or — given a
 * number — that many bytes of one repeated row: well-formed, and deflated to about a thousandth.
 */
export function sheetEntry(rows: string | number): ZipEntry {
  const head = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${inlineRow(1, HEADING)}`;
  const tail = '</sheetData></worksheet>';
  if (typeof rows === 'string') return { name: 'xl/worksheets/sheet1.xml', data: xml(`${head}${rows}${tail}`) };
  const unit = Buffer.byteLength(BOMB_ROW);
  const body = Buffer.concat([xml(head), Buffer.alloc(Math.floor(rows / unit) * unit, BOMB_ROW), Buffer.from(tail)]);
  return {
    name: 'xl/worksheets/sheet1.xml',
    deflated: { bytes: deflateRawSync(body, { level: 9 }), size: body.length },
  };
}

/** A minimal workbook around one sheet entry (and any extra entries, e.g. a hidden one). */
export function workbook(sheet: ZipEntry, extra: ZipEntry[] = []): Buffer {
  return buildZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    sheet,
    ...extra,
  ]);
}
