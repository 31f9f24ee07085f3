import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectFastRun, useRunStore, type PhaseName } from '../state/run-store';
import { PHASE_TEX } from './glossary/phase-formulas';
import { Tex } from './glossary/Tex';

const PHASES: PhaseName[] = ['sample', 'feedback', 'learn'];

/** What a phase does, in a few sentences (English / 中文) and its formulas (typeset). Follows the current phase unless a tab is picked. */
export function Explanation() {
  const { t } = useTranslation();
  // Running on "fast" the phases change a dozen times a second: the panel keeps the phase it showed
  // (its formulas re-typeset and its height changing with every phase moved the whole page below it).
  const fast = useRunStore(selectFastRun);
  const busy = useRunStore((s) => (selectFastRun(s) ? null : s.busy));
  const phase = useRunStore((s) => (selectFastRun(s) ? null : s.phase));
  const [picked, setPicked] = useState<{ tab: PhaseName; at: string } | null>(null);
  const following: PhaseName = busy === 'sample' || busy === 'feedback' || busy === 'learn' ? busy : phase === 'sampled' ? 'sample' : phase === 'fed' ? 'feedback' : phase === 'learned' ? 'learn' : 'sample';
  const [last, setLast] = useState<PhaseName>(following);
  if (!fast && following !== last) setLast(following);
  const current = fast ? last : following;
  // A picked tab holds until the run moves on to another phase.
  const shown = picked && picked.at === `${busy}/${phase}` ? picked.tab : current;
  return (
    <section className="card explain" aria-label={t('explain.title')} data-testid="explanation" data-phase={shown}>
      <div className="explain-tablist" role="tablist" aria-label={t('explain.title')}>
        {PHASES.map((p) => (
          <button key={p} type="button" role="tab" id={`explain-tab-${p}`} aria-selected={p === shown} aria-controls="explain-panel"
            onClick={() => setPicked({ tab: p, at: `${busy}/${phase}` })} data-testid={`explain-${p}`}>
            {t(`explain.${p}.title`)}
          </button>
        ))}
      </div>
      <div className="explain-panel" role="tabpanel" id="explain-panel" aria-labelledby={`explain-tab-${shown}`}>
        <p>{t(`explain.${shown}.body`)}</p>
        <div className="explain-formulas" data-testid="explain-formulas">
          {PHASE_TEX[shown].map((tex) => <Tex key={tex} tex={tex} display />)}
        </div>
      </div>
    </section>
  );
}
