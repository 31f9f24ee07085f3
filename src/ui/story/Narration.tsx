import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { getScenario } from '../../engine/data/scenarios';
import { useRunStore, selectVocab } from '../../state/run-store';
import { useLabelerStore } from '../../state/stage-actions';
import { useNarrationStore } from './narration-store';
import { narrateFeedback, narrateLearning, narrateRetrain, narrateSampling, narrateStages, type Sentence } from './narrate';

/** The sentences for the last thing that happened, from the views the panels show (also the projector dashboard's narration). */
export function useSentences(): Sentence[] {
  const event = useNarrationStore((s) => s.event);
  const r = useRunStore((s) => s.rollout);
  const f = useRunStore((s) => s.feedback);
  const l = useRunStore((s) => s.learning);
  const c = useRunStore((s) => s.rolloutConfig);
  const history = useRunStore((s) => s.history);
  const curves = useRunStore((s) => s.curves);
  const scenario = useRunStore((s) => s.scenario);
  const vocab = useRunStore(selectVocab);
  const result = useLabelerStore((s) => s.result);
  return useMemo(() => {
    if (event === 'sample' && r && c) return narrateSampling(r, vocab, c.missingEosPenalty);
    if (event === 'feedback' && r && f) return narrateFeedback(r, f, vocab, getScenario(scenario).hasRewardModel);
    if (event === 'learn' && r && l && c) return narrateLearning(r, l, vocab, c, history.length > 1 ? history[history.length - 2] : null);
    if (event === 'stages') return narrateStages(curves);
    if (event === 'retrain' && result) return narrateRetrain(result);
    return [];
  }, [event, r, f, l, c, history, curves, scenario, vocab, result]);
}

/** "What just happened": a short paragraph after each phase and each SFT / reward-model training run. */
export function Narration() {
  const { t } = useTranslation();
  const event = useNarrationStore((s) => s.event);
  const sentences = useSentences();
  return (
    <section className="card narration" aria-label={t('narrate.title')} aria-live="polite" data-testid="narration" data-event={event ?? ''}>
      <h2>
        {t('narrate.title')}
        {event && sentences.length > 0 && <span className="muted narration-phase"> · {t(`narrate.phase.${event}`)}</span>}
      </h2>
      {sentences.length === 0 ? (
        <p className="muted">{t('narrate.none')}</p>
      ) : (
        <p data-testid="narration-text">
          {sentences.map((s, i) => <span key={i} data-key={s.key}>{t(`narrate.${s.key}`, s.vars)} </span>)}
        </p>
      )}
    </section>
  );
}
