import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { topkRequested } from '../state/run-actions';
import { selectVocab, useRunStore } from '../state/run-store';
import { cellHovered, useViewStore } from '../state/view-store';
import { RowsControl } from './RowsControl';
import { TopKBars } from './TopKBars';
import { useReveal } from './useReveal';

/**
 * Phase 1: the actor's answers, revealed token by token (the tokens were read back once from the
 * engine; the reveal replays the order they were drawn in). Click a token to see the
 * distribution it was drawn from.
 */
export function SamplingPanel() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const vocab = useRunStore(selectVocab);
  const rows = useViewStore((s) => s.rows);
  const focused = useViewStore((s) => s.focused);
  const shown = useReveal(rollout, rollout?.T ?? 0);
  const fastRun = useRunStore((s) => s.running && s.speed === 'fast');
  // Ask for the focused token's distribution as soon as a rollout arrives (not while racing through iterations).
  useEffect(() => {
    if (rollout && !fastRun) void topkRequested(useViewStore.getState().focused.b, useViewStore.getState().focused.t);
  }, [rollout, fastRun]);
  if (!rollout) {
    return (
      <section className="card" aria-label={t('sampling.title')} data-testid="sampling-panel" data-state="empty">
        <h2>{t('sampling.title')}</h2>
        <p className="muted">{t('sampling.empty')}</p>
      </section>
    );
  }
  const { B, T, S, P, tokens, mask } = rollout;
  const n = Math.min(rows, B);
  return (
    <section className="card" aria-label={t('sampling.title')} data-testid="sampling-panel" data-state={shown >= T ? 'done' : 'revealing'} data-b={B} data-t={T}>
      <h2>{t('sampling.title')}</h2>
      <p className="muted">{t('sampling.intro', { B, T })}</p>
      <div className="sampling-grid">
        <div className="answers" role="list">
          {Array.from({ length: n }, (_, b) => (
            <div key={b} className="answer" role="listitem" data-testid="sample-row" data-b={b}
              data-text={Array.from(tokens.subarray(b * S + P, (b + 1) * S), (id) => vocab[id]).join(' ')}>
              <span className="row-label">#{b}</span>
              {Array.from(tokens.subarray(b * S, b * S + P), (id, i) => <span key={`p${i}`} className="tok prompt">{vocab[id]}</span>)}
              {Array.from({ length: T }, (_, i) => {
                const id = tokens[b * S + P + i];
                const real = mask[b * T + i] > 0;
                if (!real) return null; // PAD after EOS: not part of the answer
                const isFocused = focused.b === b && focused.t === i;
                return (
                  <button key={i} type="button" className={`tok ${real ? '' : 'masked'} ${i < shown ? 'shown' : 'hidden'} ${isFocused ? 'focused' : ''}`}
                    data-testid="sample-token" data-b={b} data-t={i} data-token={id} aria-pressed={isFocused}
                    aria-label={t('sampling.tokenLabel', { token: vocab[id], b, t: i })}
                    onClick={() => void topkRequested(b, i)} onMouseEnter={() => cellHovered({ b, t: i })} onFocus={() => cellHovered({ b, t: i })}>
                    {i < shown ? vocab[id] : '·'}
                  </button>
                );
              })}
            </div>
          ))}
          <RowsControl B={B} />
        </div>
        <TopKBars />
      </div>
    </section>
  );
}
