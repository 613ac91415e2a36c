import ExcelJS from 'exceljs';

export type SheetFormat = 'csv' | 'xlsx';

/** An amount: a number cell shown with its decimals in XLSX, its exact text in CSV ("1060.00", as a bank reads it). */
export interface DecimalCell {
  number: number;
  text: string;
  numFmt: string;
}
/** A cell as an export hands it over: text, or a real number (an amount, a count) that stays a number. */
export type SheetCell = string | number | DecimalCell | null | undefined;

/** Integer minor units (fen) as a decimal cell; the text is built from integers, never from a float. */
export function decimalCell(units: number, scale = 2): DecimalCell {
  const unit = 10 ** scale;
  const abs = Math.abs(units);
  return {
    number: units / unit,
    text: `${units < 0 ? '-' : ''}${Math.trunc(abs / unit)}.${String(abs % unit).padStart(scale, '0')}`,
    numFmt: `0.${'0'.repeat(scale)}`,
  };
}

const isDecimal = (c: unknown): c is DecimalCell =>
  typeof c === 'object' && c !== null && 'numFmt' in c && typeof (c as DecimalCell).number === 'number';

export const SHEET_CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Text Excel (and WPS, LibreOffice) would run as a formula: = + - @ first (OWASP "CSV injection"),
 * also after leading blanks and in their full-width forms a Chinese IME types, and a leading tab or
 * CR, which some importers strip before looking at the next character.
 */
const FORMULA_START = /^\s*[=+\-@＝＋－＠]|^[\t\r]/;
/** A plain decimal numeral ("-12.50") is read by Excel as a number, never as a formula: left alone. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** The single quote this helper puts in front; a reader takes it off again (see `unneutralise`). */
export const NEUTRALISING_QUOTE = "'";

/**
 * The one place a value becomes a spreadsheet cell. Text that would start a formula gets a single
 * quote in front (it then shows as text, and a clerk editing the cell does not turn it into a
 * formula); real numbers stay numbers; nothing else (an object, a formula) can get through.
 */
export function neutralise(cell: unknown): string | number {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : '';
  const text =
    cell instanceof Date ? cell.toISOString() : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `${NEUTRALISING_QUOTE}${text}` : text;
}

/** Undoes `neutralise` for a cell read back from one of our own files (the catalogue goes out and comes back). */
export function unneutralise(text: string): string {
  return text.startsWith(NEUTRALISING_QUOTE) && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** One table as CSV with a BOM (Excel opens it as UTF-8) or as an XLSX sheet with a bold heading. */
export async function writeSheet(
  format: SheetFormat,
  sheetName: string,
  header: string[],
  rows: SheetCell[][],
  widths: number[] = [],
): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(`\uFEFF${csvText([header, ...rows])}`, 'utf8');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetNameOf(sheetName));
  sheet.addRow(header.map(neutralise)).font = { bold: true };
  // only strings and numbers reach exceljs: a cell object ({ formula }) cannot be built from data
  for (const r of rows) {
    const row = sheet.addRow(r.map((c) => (isDecimal(c) ? c.number : neutralise(c))));
    r.forEach((c, i) => {
      if (isDecimal(c)) row.getCell(i + 1).numFmt = c.numFmt;
    });
  }
  sheet.columns.forEach((c, i) => {
    c.width = widths[i] ?? 14;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Rows as CSV text without a BOM, neutralised: for a writer that streams a large file in pieces. */
export function csvText(rows: SheetCell[][]): string {
  return rows.map(csvLine).join('');
}

/**
 * RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled (a bank file of a
 * city is 48,467 lines). A semicolon or tab is quoted too, so a locale that splits on them cannot
 * cut a cell in two and start a new one with "=".
 */
function csvLine(cells: SheetCell[]): string {
  return `${cells
    .map((c) => {
      const text = isDecimal(c) ? c.text : String(neutralise(c));
      return /[",\r\n;\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\n`;
}

/** Excel refuses a sheet name with []:*?/\ or longer than 31 characters; a name built from a query must not fail the export. */
function sheetNameOf(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}
