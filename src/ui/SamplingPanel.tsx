import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { topkRequested } from '../state/run-actions';
import { selectFastRun, selectVocab, useRunStore } from '../state/run-store';
import { cellInspected, hovered, useViewStore } from '../state/view-store';
import { RowsControl } from './RowsControl';
import { TopKBars } from './TopKBars';
import { useReveal } from './useReveal';
import { useRovingGrid } from './useRovingGrid';

/**
 * Phase 1: the actor's answers, revealed token by token (the tokens were read back once from the
 * engine; the reveal replays the order they were drawn in). Click, tap or arrow to a token
 * to see the distribution it was drawn from; the answers are one tab stop (a grid).
 */
export function SamplingPanel() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const vocab = useRunStore(selectVocab);
  const rows = useViewStore((s) => s.rows);
  const focused = useViewStore((s) => s.focused);
  const shown = useReveal(rollout, rollout?.T ?? 0);
  const fastRun = useRunStore(selectFastRun);
  // A token focused by the keyboard, a click or a tap: Inspect shows it and the bars show the distribution it was drawn from.
  const onCell = useCallback((el: HTMLElement) => {
    const b = Number(el.dataset.b), t = Number(el.dataset.t);
    cellInspected({ b, t });
    void topkRequested(b, t);
  }, []);
  const { ref, tabIndexOf, gridProps } = useRovingGrid(onCell);
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
        <div>
          <div className="answers" role="grid" aria-label={t('sampling.gridLabel')} ref={(el) => { ref.current = el; }} {...gridProps}>
            {Array.from({ length: n }, (_, b) => (
              <div key={b} className="answer" role="row" data-testid="sample-row" data-b={b}
                data-text={Array.from(tokens.subarray(b * S + P, (b + 1) * S), (id) => vocab[id]).join(' ')}>
                <span className="row-label" role="rowheader">#{b}</span>
                <span className="prompt-toks" role="gridcell">
                  {Array.from(tokens.subarray(b * S, b * S + P), (id, i) => <span key={i} className="tok prompt">{vocab[id]}</span>)}
                </span>
                {Array.from({ length: T }, (_, i) => {
                  const id = tokens[b * S + P + i];
                  if (mask[b * T + i] === 0) return null; // PAD after EOS: not part of the answer
                  const isFocused = focused.b === b && focused.t === i;
                  return (
                    <span key={i} role="gridcell" tabIndex={tabIndexOf(b, i)} data-r={b} data-c={i} aria-selected={isFocused}
                      className={`tok ${i < shown ? 'shown' : 'hidden'} ${isFocused ? 'focused' : ''}`}
                      data-testid="sample-token" data-b={b} data-t={i} data-token={id}
                      aria-label={t('sampling.tokenLabel', { token: vocab[id], b, t: i })}
                      onPointerEnter={(e) => hovered(e, b, i)}>
                      {i < shown ? vocab[id] : '·'}
                    </span>
                  );
                })}
              </div>
            ))}
          </div>
          <RowsControl B={B} />
        </div>
        <TopKBars />
      </div>
    </section>
  );
}
