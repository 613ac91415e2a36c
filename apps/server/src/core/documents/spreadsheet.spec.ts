import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvText, decimalCell, neutralise, unneutralise, writeSheet } from './spreadsheet.ts';

const HOSTILE = [
  '=HYPERLINK("http://x","y")',
  '+1+1',
  '@SUM(A1)',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  ' =1+1',
  '＝1+1',
  "=cmd|' /C calc'!A0",
];

describe('the export helper', () => {
  it('puts a quote before every value that would start a formula, and takes it off when read back', () => {
    for (const v of HOSTILE) {
      expect(neutralise(v)).toBe(`'${v}`);
      expect(unneutralise(String(neutralise(v)))).toBe(v);
    }
  });

  it('leaves numbers, plain numerals, ordinary text and a lone quote alone', () => {
    expect(neutralise(-12.5)).toBe(-12.5);
    expect(neutralise('-12.50')).toBe('-12.50');
    expect(neutralise('1060.00')).toBe('1060.00');
    expect(neutralise('6217000000000000001')).toBe('6217000000000000001');
    expect(neutralise('张三')).toBe('张三');
    expect(neutralise("'quoted")).toBe("'quoted");
    expect(unneutralise("'quoted")).toBe("'quoted");
    expect(neutralise(null)).toBe('');
    expect(neutralise(Number.NaN)).toBe('');
  });

  it('writes CSV a spreadsheet reads back cell by cell: semicolons and tabs quoted so no locale splits a cell', () => {
    const text = csvText([['a;=1+1', 'b\t+2', 'c,"d"', 5]]);
    expect(text).toBe('"a;=1+1","b\t+2","c,""d""",5\n');
    expect(parse(csvText([HOSTILE]))[0]).toEqual(HOSTILE.map((v) => `'${v}`));
  });

  it('writes an amount from integer fen: exact text in CSV, a number shown with two decimals in XLSX', async () => {
    expect(csvText([[decimalCell(106_000), decimalCell(30_001), decimalCell(5), decimalCell(-250)]])).toBe(
      '1060.00,300.01,0.05,-2.50\n',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeSheet('xlsx', 's', ['金额'], [[decimalCell(30_001)]])) as unknown as ArrayBuffer);
    expect([book.worksheets[0]!.getCell('A2').value, book.worksheets[0]!.getCell('A2').numFmt]).toEqual([
      300.01,
      '0.00',
    ]);
  });

  it('writes XLSX with string cells for text, number cells for numbers, never a formula', async () => {
    const body = await writeSheet(
      'xlsx',
      'a/b:c*?[]这是一个很长很长很长很长很长很长很长很长很长很长的表名',
      ['h1', 'h2'],
      [
        [HOSTILE[0]!, 42],
        ['-2+3', '-7'],
      ],
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A2').value).toBe(`'${HOSTILE[0]}`);
    expect(sheet.getCell('B2').value).toBe(42);
    expect(sheet.getCell('A3').value).toBe("'-2+3");
    expect(sheet.getCell('B3').value).toBe('-7');
  });
});
