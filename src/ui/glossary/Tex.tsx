import katex from 'katex';
import 'katex/dist/katex.min.css';
import { memo } from 'react';

/**
 * A formula typeset by KaTeX (bundled with its fonts: nothing is fetched from elsewhere). The
 * output carries MathML too, so screen readers read the maths.
 */
export const Tex = memo(function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  return <span className={display ? 'tex tex-display' : 'tex'} data-testid="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});
