import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The text of a PDF as poppler's pdftotext reads it (what a screen reader or a search would see). */
export function pdfText(bytes: Buffer, pages?: { first: number; last: number }): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'grassroots-pdf-')), 'doc.pdf');
  writeFileSync(file, bytes);
  return execFileSync(
    'pdftotext',
    [...(pages ? ['-f', String(pages.first), '-l', String(pages.last)] : []), '-layout', file, '-'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Number of pages, from pdfinfo. */
export function pdfPages(bytes: Buffer): number {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'grassroots-pdf-')), 'doc.pdf');
  writeFileSync(file, bytes);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}
