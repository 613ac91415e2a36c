import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Field } from './Field.tsx';

/** The portal's one input component carries the accessibility rules (GB/T 37668, WCAG 2.1 AA): label, hint, error tied to the input. */
describe('portal field', () => {
  it('labels the input and ties its hint to it', () => {
    const html = renderToStaticMarkup(
      <Field id="number" label="办件编号" hint="受理回执上的编号" value="" onChange={() => {}} />,
    );
    expect(html).toContain('<label for="number">办件编号');
    expect(html).toContain('aria-describedby="number-hint"');
    expect(html).not.toContain('aria-invalid');
  });

  it('marks an error as invalid and announces it', () => {
    const html = renderToStaticMarkup(
      <Field id="idTail" label="身份证号后四位" error="请填写身份证号后四位" value="" onChange={() => {}} />,
    );
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="idTail-error"');
    expect(html).toMatch(/<div class="field-error" id="idTail-error" role="alert">请填写身份证号后四位<\/div>/);
  });
});
