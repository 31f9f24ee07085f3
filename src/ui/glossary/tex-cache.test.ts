import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { TEX_CACHE_MAX, texCacheSize, texHtml } from './tex-cache';
import { PHASE_TEX } from './phase-formulas';
import { TERMS } from './terms';

describe('texHtml', () => {
  it("is KaTeX's own output, inline and display apart", () => {
    const tex = String.raw`\frac{a}{b} + \beta`;
    expect(texHtml(tex, false)).toBe(katex.renderToString(tex, { displayMode: false, throwOnError: false, output: 'htmlAndMathml' }));
    expect(texHtml(tex, true)).toBe(katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' }));
    expect(texHtml(tex, true)).not.toBe(texHtml(tex, false));
  });

  it('typesets a formula once: the same string comes back', () => {
    const tex = String.raw`\gamma\lambda`;
    const first = texHtml(tex, true);
    const size = texCacheSize();
    expect(texHtml(tex, true)).toBe(first);
    expect(texCacheSize()).toBe(size);
  });

  it("keeps every formula of the code (glossary and phases) without reaching its bound", () => {
    const all = [...TERMS.flatMap((t) => (t.tex ? [t.tex] : [])), ...Object.values(PHASE_TEX).flat()];
    for (const tex of all) texHtml(tex, true);
    expect(all.length).toBeGreaterThan(20);
    expect(texCacheSize()).toBeLessThan(TEX_CACHE_MAX);
  });

  it('stays bounded when formulas keep coming (10,000 distinct ones)', () => {
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      texHtml(`x_{${i}}`, false);
      most = Math.max(most, texCacheSize());
    }
    expect(most).toBeLessThanOrEqual(TEX_CACHE_MAX);
    // And still right after a clear.
    expect(texHtml('x_{9999}', false)).toBe(katex.renderToString('x_{9999}', { displayMode: false, throwOnError: false, output: 'htmlAndMathml' }));
  });
});
