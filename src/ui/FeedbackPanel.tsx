import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { KL_ESTIMATORS, klEstimate, type KlEstimator } from '../state/kl';
import { selectVocab, useRunStore } from '../state/run-store';
import { cellHovered, klViewChosen, useViewStore } from '../state/view-store';
import { absMax, heat, PALETTES } from './colors';
import { fmt } from './format';
import { RowsControl } from './RowsControl';
import { RowTokens } from './RowTokens';
import { Term } from './glossary/Term';
import { TENSOR_TERMS } from './glossary/terms';

/**
 * Phase 2: per answer the reward-model score and the gold score; per token the log-prob under
 * the actor and the reference, the KL estimate (recomputed here from the two shown log-probs,
 * with the estimator chosen above) and the engine's assembled reward, where the clipped score
 * lands on the last real token.
 */
export function FeedbackPanel() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const fb = useRunStore((s) => s.feedback);
  const source = useRunStore((s) => s.feedbackSource);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const vocab = useRunStore(selectVocab);
  const rows = useViewStore((s) => s.rows);
  const klView = useViewStore((s) => s.klView);
  const colourSafe = useViewStore((s) => s.colourSafe);
  if (!rollout || !fb || !cfg) {
    return (
      <section className="card" aria-label={t('feedback.title')} data-testid="feedback-panel" data-state="empty">
        <h2>{t('feedback.title')}</h2>
        <p className="muted">{t('feedback.empty')}</p>
      </section>
    );
  }
  const pal = PALETTES[colourSafe ? 'safe' : 'default'];
  const { B, T, mask, hasEos, lastT } = rollout;
  const n = Math.min(rows, B);
  const klShown = Float32Array.from(fb.logprobs, (lp, i) => (mask[i] > 0 ? klEstimate(lp - fb.refLogprobs[i], klView) : 0));
  const scale = {
    logprob: absMax(fb.logprobs, mask, n, T), ref: absMax(fb.refLogprobs, mask, n, T),
    kl: absMax(klShown, mask, n, T), reward: absMax(fb.rewards, mask, n, T),
  };
  const used = (b: number) => (hasEos[b] ? Math.max(-cfg.rewardClip, Math.min(cfg.rewardClip, fb.scores[b])) : cfg.missingEosPenalty);
  const lines: { kind: keyof typeof scale; label: string; values: ArrayLike<number> }[] = [
    { kind: 'logprob', label: t('feedback.logprob'), values: fb.logprobs },
    { kind: 'ref', label: t('feedback.refLogprob'), values: fb.refLogprobs },
    { kind: 'kl', label: t('feedback.kl', { k: klView }), values: klShown },
    { kind: 'reward', label: t('feedback.reward'), values: fb.rewards },
  ];
  return (
    <section className="card" aria-label={t('feedback.title')} data-testid="feedback-panel" data-state="ready">
      <h2>{t('feedback.title')}</h2>
      <div className="panel-controls">
        <span data-testid="fb-beta" data-value={fb.klCoef}>β = {fmt(fb.klCoef, 4)}</span>
        {source && <span data-testid="fb-source" data-kind={source.kind}>{t(`feedback.source.${source.kind}`, { name: source.name })}</span>}
        <span>{t('feedback.rewardClip', { c: cfg.rewardClip })}</span>
        <span>{t('feedback.estimatorInReward', { k: fb.estimator })}</span>
        <fieldset className="segmented">
          <legend>{t('feedback.klShown')}</legend>
          {KL_ESTIMATORS.map((k: KlEstimator) => (
            <label key={k}>
              <input type="radio" name="kl-view" value={k} checked={klView === k} onChange={() => klViewChosen(k)} data-testid={`kl-view-${k}`} />
              {k}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="table-scroll">
        <table className="heat" data-testid="feedback-table">
          {Array.from({ length: n }, (_, b) => (
            <tbody key={b} data-testid="fb-row" data-b={b} data-last-t={lastT[b]} data-has-eos={hasEos[b]}>
              <tr className="tokens">
                <th scope="row" rowSpan={5} className="row-head">
                  <div>#{b}</div>
                  <div data-testid="fb-score" data-b={b} data-value={fb.scores[b]}>{t('feedback.score')} {fmt(fb.scores[b])}</div>
                  <div data-testid="fb-score-used" data-b={b} data-value={used(b)} className="muted">
                    {hasEos[b] ? t('feedback.clipped', { v: fmt(used(b)) }) : t('feedback.noEos', { v: fmt(used(b)) })}
                  </div>
                  <div data-testid="fb-gold" data-b={b} data-value={fb.gold[b]}>{t('feedback.gold')} {fmt(fb.gold[b])}</div>
                </th>
                <RowTokens rollout={rollout} b={b} vocab={vocab} />
              </tr>
              {lines.map((line) => (
                <tr key={line.kind} className={`line-${line.kind}`}>
                  <th scope="row" className="line-label"><Term id={TENSOR_TERMS[line.kind]} focusable={false}>{line.label}</Term></th>
                  {Array.from({ length: T }, (_, i) => {
                    const idx = b * T + i, real = mask[idx] > 0, v = line.values[idx];
                    const landing = line.kind === 'reward' && real && i === lastT[b];
                    return (
                      <td key={i} className={`${real ? '' : 'masked'} ${landing ? 'landing' : ''}`} style={{ background: real ? heat(v, scale[line.kind], pal) : undefined }}
                        data-testid="fb-cell" data-kind={line.kind} data-b={b} data-t={i} data-value={v}
                        onMouseEnter={() => cellHovered({ b, t: i })} title={landing ? t('feedback.landingTitle', { beta: fmt(fb.klCoef, 4), score: fmt(used(b)) }) : undefined}>
                        {real ? (
                          <Fragment>
                            {landing && <span className="score-drop" aria-hidden="true">★ {fmt(used(b), 2)}</span>}
                            {fmt(v)}
                          </Fragment>
                        ) : ''}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      <RowsControl B={B} />
      <p className="muted">{t('feedback.legend')}</p>
    </section>
  );
}
