import katex from 'katex';

/** Most typeset formulas kept (the code holds ~60: glossary, phase formulas; the bound is a safety net). */
export const TEX_CACHE_MAX = 200;

const cache = new Map<string, string>();

/**
 * KaTeX's HTML for a formula, typeset once per page. The explanation panel follows the running phase,
 * so its formulas are mounted anew three times per iteration; typesetting them each time cost ~36 ms
 * of every iteration on "fast" (the soak, issue #13). The formulas are a fixed set from the code; a
 * map that outgrew TEX_CACHE_MAX (formulas built from data one day) is cleared, never unbounded.
 */
export function texHtml(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
    if (cache.size >= TEX_CACHE_MAX) cache.clear();
    cache.set(key, html);
  }
  return html;
}

/** Formulas typeset and kept now (tests). */
export const texCacheSize = (): number => cache.size;
