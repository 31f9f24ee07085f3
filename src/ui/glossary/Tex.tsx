import 'katex/dist/katex.min.css';
import { memo } from 'react';
import { texHtml } from './tex-cache';

/**
 * A formula typeset by KaTeX (bundled with its fonts: nothing is fetched from elsewhere). The
 * output carries MathML too, so screen readers read the maths.
 */
export const Tex = memo(function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = texHtml(tex, display);
  return <span className={display ? 'tex tex-display' : 'tex'} data-testid="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});
