import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Overflow = 'none' | 'left' | 'right' | 'both';

/**
 * A wide table that scrolls inside its card, never the page: when more columns hide on a side,
 * that edge gets a shadow and an arrow tab ("more →") that scrolls there on click or tap, so the
 * last tokens and the ★ of a long answer are never behind an unmarked scroll. Keyboard users
 * reach them by moving in the table's grid (the browser scrolls the focused cell into view);
 * `focusable` makes a box without focusable content a tab stop of its own so its columns can be
 * scrolled with the arrow keys.
 */
export function ScrollBox({ children, label, testid, focusable = false }: { children: ReactNode; label: string; testid?: string; focusable?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState<Overflow>('none');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const left = el.scrollLeft > 1, right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setOverflow(left && right ? 'both' : left ? 'left' : right ? 'right' : 'none');
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', measure);
      ro.disconnect();
    };
  }, []);
  const scrollBy = (dir: 1 | -1) => ref.current?.scrollBy({ left: dir * ref.current.clientWidth * 0.8, behavior: 'smooth' });
  const more = (side: 'left' | 'right') => overflow === side || overflow === 'both';
  return (
    <div className="scroll-box" data-overflow={overflow} data-testid={testid}>
      <div className="scroll-inner" ref={ref} tabIndex={focusable ? 0 : undefined} role={focusable ? 'region' : undefined} aria-label={focusable ? label : undefined}>
        {children}
      </div>
      {/* Pointer-only cues (not focusable: keyboard users move through the grid instead). */}
      {more('left') && <div className="scroll-cue scroll-cue-left" aria-hidden="true" onClick={() => scrollBy(-1)}>{t('layout.scrollLeft')}</div>}
      {more('right') && <div className="scroll-cue scroll-cue-right" aria-hidden="true" onClick={() => scrollBy(1)} data-testid={testid && `${testid}-more`}>{t('layout.scrollRight')}</div>}
    </div>
  );
}
