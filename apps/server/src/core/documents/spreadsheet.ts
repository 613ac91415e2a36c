import ExcelJS from 'exceljs';

export type SheetFormat = 'csv' | 'xlsx';

export const SHEET_CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One table as CSV with a BOM (Excel opens it as UTF-8) or as an XLSX sheet with a bold heading. */
export async function writeSheet(format: SheetFormat, sheetName: string, header: string[], rows: Array<Array<string | number>>, widths: number[] = []): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(`\uFEFF${[header, ...rows].map(csvLine).join('')}`, 'utf8');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((c, i) => { c.width = widths[i] ?? 14; });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled (a bank file of a city is 48,467 lines). */
function csvLine(cells: Array<string | number>): string {
  return `${cells.map((c) => {
    const text = String(c);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',')}\n`;
}
