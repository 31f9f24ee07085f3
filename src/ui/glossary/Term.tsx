import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Tex } from './Tex';
import { termById, termOfSetting, termOfStat, type Term as TermEntry } from './terms';
import './glossary.css';

type Which = { id: string } | { stat: string } | { setting: string };

function resolve(w: Which): TermEntry | null {
  if ('id' in w) return termById(w.id);
  if ('stat' in w) return termOfStat(w.stat);
  return termOfSetting(w.setting);
}

/** A glossary entry as a card: name, explanation, formula, and the names it goes by. */
export function TermCard({ term, statKey, settingKey }: { term: TermEntry; statKey?: string; settingKey?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <strong className="term-name">{t(`glossary.terms.${term.id}.name`)}</strong>
      <span className="term-body">{t(`glossary.terms.${term.id}.body`)}</span>
      {term.tex && <Tex tex={term.tex} display />}
      <span className="term-keys muted">
        {statKey && <span>{t('glossary.stat', { key: statKey })}</span>}
        {settingKey && <span>{t('glossary.link', { key: settingKey })}</span>}
        {settingKey && term.trl && <span>{t('glossary.trl', { name: term.trl })}</span>}
      </span>
    </>
  );
}

/**
 * A label with its glossary entry on hover or keyboard focus (Escape hides it). `area` wraps a
 * whole field instead (a div with `className`): the entry shows while the pointer is over it or focus is inside it, without
 * adding a tab stop. `focusable={false}`: hover only, for labels repeated on every row of a table (the
 * keyboard reaches the same entries in Inspect). Without an entry the label is shown as it is.
 */
export function Term({ children, area = false, focusable = true, className = '', ...which }: Which & { children: ReactNode; area?: boolean; focusable?: boolean; className?: string }) {
  const term = resolve(which);
  const tipId = useId();
  const ref = useRef<HTMLElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    if (!open || !ref.current || !tipRef.current) return;
    // Below the label, or above it when there is no room; always inside the viewport (phones).
    const r = ref.current.getBoundingClientRect(), tip = tipRef.current.getBoundingClientRect();
    const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    const left = Math.max(8, Math.min(r.left, vw - tip.width - 8));
    const below = r.bottom + 6;
    const top = below + tip.height > vh - 8 && r.top - tip.height - 6 > 8 ? r.top - tip.height - 6 : below;
    setPos({ left, top });
  }, [open]);

  if (!term) return area ? <div className={className}>{children}</div> : <>{children}</>;
  const show = () => setOpen(true);
  const hide = () => { setOpen(false); setPos(null); };
  const events = {
    onMouseEnter: show,
    onMouseLeave: hide,
    onFocus: show,
    onBlur: (e: React.FocusEvent) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) hide(); },
    onKeyDown: (e: React.KeyboardEvent) => { if (e.key === 'Escape' && open) { e.stopPropagation(); hide(); } },
  };
  const statKey = 'stat' in which ? which.stat : undefined;
  const settingKey = 'setting' in which ? which.setting : undefined;
  const tip = open && createPortal(
    <div ref={tipRef} id={tipId} role="tooltip" className="term-tip" data-testid="term-tip" data-term={term.id}
      style={pos ? { left: pos.left, top: pos.top } : { visibility: 'hidden', left: 0, top: 0 }}>
      <TermCard term={term} statKey={statKey} settingKey={settingKey} />
    </div>,
    document.body,
  );
  if (area) {
    return (
      <div ref={ref as React.RefObject<HTMLDivElement>} className={`term-area ${className}`} data-term={term.id} {...events}>
        {children}
        {tip}
      </div>
    );
  }
  return (
    <span ref={ref as React.RefObject<HTMLSpanElement>} className="term" tabIndex={focusable ? 0 : undefined} data-term={term.id} data-testid="term"
      aria-describedby={open ? tipId : undefined} {...events}>
      {children}
      {tip}
    </span>
  );
}
