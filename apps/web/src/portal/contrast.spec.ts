import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';

/** The portal's text and background pairs, read from its stylesheet, against WCAG 2.1 AA (4.5:1 for text). */
const css = readFileSync(path.join(import.meta.dirname, 'portal.css'), 'utf8');
const vars = Object.fromEntries([...css.matchAll(/--([a-z]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1]!, m[2]!]));
const rule = (selector: string) => {
  const body = new RegExp(`${selector.replace(/[.[\]"=]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  const value = (prop: string) => {
    const v = new RegExp(`(?:^|;|\\s)${prop}:\\s*([^;]+)`).exec(body)?.[1]?.trim();
    return v?.startsWith('var(') ? vars[v.slice(6, -1)] : v;
  };
  return { color: value('color'), background: value('background') };
};

describe('portal colours', () => {
  it('uses the colours the checks below read', () => {
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(['red', 'ink', 'muted', 'bg', 'ok', 'warn']));
  });

  it.each([
    ['body text', vars.ink!, vars.bg!],
    ['muted text on a card', vars.muted!, '#ffffff'],
    ['muted text on the page', vars.muted!, vars.bg!],
    ['links', '#0b4f9c', '#ffffff'],
    ['header and primary buttons', '#ffffff', vars.red!],
    ['field errors', vars.red!, '#ffffff'],
  ])('%s reach 4.5:1', (_, fg, bg) => {
    expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['.notice.ok', '.notice.bad', '.notice.info', '.badge.warn'])('%s reaches 4.5:1', (selector) => {
    const { color, background } = rule(selector);
    expect(color, selector).toMatch(/^#/);
    expect(background, selector).toMatch(/^#/);
    expect(contrastRatio(color!, background!)).toBeGreaterThanOrEqual(4.5);
  });

  it('computes the ratio as WCAG defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
