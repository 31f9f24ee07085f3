import { memo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statLabel, settingLabel } from './labels';
import { TermCard } from './Term';
import { TERMS } from './terms';

/**
 * Every entry in one dialog, filterable by name, explanation, statistic or setting key. memo: the
 * closed dialog holds every entry's typeset formula, and its parents redraw after every phase of a run.
 */
export const GlossaryButton = memo(function GlossaryButton() {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const shown = TERMS.filter((term) => {
    if (!needle) return true;
    const words = [t(`glossary.terms.${term.id}.name`), t(`glossary.terms.${term.id}.body`), ...(term.stats ?? []), ...(term.settings ?? []), term.trl ?? ''];
    return words.some((w) => w.toLowerCase().includes(needle));
  });
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} data-testid="glossary-open">{t('glossary.open')}</button>
      <dialog ref={dialog} className="glossary-dialog" aria-labelledby="glossary-title" data-testid="glossary" onClose={() => setQ('')}>
        <div className="glossary-head">
          <h2 id="glossary-title">{t('glossary.title')}</h2>
          <input type="text" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('glossary.filter')} aria-label={t('glossary.filter')} data-testid="glossary-filter" />
          <button type="button" onClick={() => dialog.current?.close()} data-testid="glossary-close">{t('glossary.close')}</button>
        </div>
        <ul className="glossary-list">
          {shown.map((term) => (
            <li key={term.id} data-testid="glossary-entry" data-term={term.id}>
              <TermCard term={term} />
              {(term.stats?.length || term.settings?.length) ? (
                <span className="term-keys muted">
                  {term.stats?.map((k) => <span key={k}>{statLabel(k, t)}</span>)}
                  {term.settings?.map((k) => <span key={k}>{settingLabel(k, t)}</span>)}
                  {term.trl && <span>{t('glossary.trl', { name: term.trl })}</span>}
                </span>
              ) : null}
            </li>
          ))}
          {shown.length === 0 && <li className="muted">{t('glossary.none', { q })}</li>}
        </ul>
      </dialog>
    </>
  );
});
