import 'katex/dist/katex.min.css';
import { memo, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { texHtml } from './tex-cache';

/**
 * A formula typeset by KaTeX (bundled with its fonts: nothing is fetched from elsewhere). The
 * output carries MathML too, so screen readers read the maths.
 */
export const Tex = memo(function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = texHtml(tex, display);
  const ref = useRef<HTMLSpanElement>(null);
  const { t } = useTranslation();
  const label = t('glossary.formulaScrolls');
  // A displayed formula wider than its card (a phone) scrolls sideways: then it takes the keyboard's
  // focus (the arrow keys scroll it) and says so; a formula that fits stays out of the tab order.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!display || !el || typeof ResizeObserver === 'undefined') return;
    const check = () => {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
        el.setAttribute('role', 'group');
        el.setAttribute('aria-label', label);
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    };
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [display, html, label]);
  return <span ref={ref} className={display ? 'tex tex-display' : 'tex'} data-testid="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});
