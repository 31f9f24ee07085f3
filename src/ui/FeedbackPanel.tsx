import { useTranslation } from 'react-i18next';
import { KL_ESTIMATORS, klEstimate, type KlEstimator } from '../state/kl';
import { selectVocab, useRunStore } from '../state/run-store';
import { klViewChosen, useViewStore } from '../state/view-store';
import { absMax, heat, PALETTES } from './colors';
import { fmt, term } from './format';
import { RowsControl } from './RowsControl';
import { TokenTable, type TokenLine } from './TokenTable';

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
  const row = (kind: keyof typeof scale, label: string, values: ArrayLike<number>): TokenLine => ({
    kind, label,
    cell: (b, i) => {
      const idx = b * T + i, real = mask[idx] > 0, v = values[idx];
      const landing = kind === 'reward' && real && i === lastT[b];
      return {
        className: `${real ? '' : 'masked'} ${landing ? 'landing' : ''}`,
        style: { background: real ? heat(v, scale[kind], pal) : undefined },
        data: { value: v },
        // The ★ sits inside its own cell, above the reward: the KL above it (the one the reward uses) stays readable.
        title: landing ? t('feedback.landingTitle', { beta: fmt(fb.klCoef, 4), kl: term(fb.kl[idx], 4), score: term(used(b)), reward: fmt(v) }) : undefined,
        content: real ? (
          <>
            {landing && <span className="score-drop" data-testid="score-drop">★ {fmt(used(b), 2)}</span>}
            {fmt(v)}
          </>
        ) : '',
      };
    },
  });
  const lines: TokenLine[] = [
    row('logprob', t('feedback.logprob'), fb.logprobs),
    row('ref', t('feedback.refLogprob'), fb.refLogprobs),
    row('kl', t('feedback.kl', { k: klView }), klShown),
    row('reward', t('feedback.reward'), fb.rewards),
  ];
  const rowHead = (b: number) => (
    <>
      <div>#{b}</div>
      <div data-testid="fb-score" data-b={b} data-value={fb.scores[b]}>{t('feedback.score')} {fmt(fb.scores[b])}</div>
      <div data-testid="fb-score-used" data-b={b} data-value={used(b)} className="muted">
        {hasEos[b] ? t('feedback.clipped', { v: fmt(used(b)) }) : t('feedback.noEos', { v: fmt(used(b)) })}
      </div>
      <div data-testid="fb-gold" data-b={b} data-value={fb.gold[b]}>{t('feedback.gold')} {fmt(fb.gold[b])}</div>
    </>
  );
  return (
    <section className="card" aria-label={t('feedback.title')} data-testid="feedback-panel" data-state="ready">
      <h2>{t('feedback.title')}</h2>
      <div className="panel-controls">
        <span data-testid="fb-beta" data-value={fb.klCoef}>β = {fmt(fb.klCoef, 4)}</span>
        {source && (
          <span data-testid="fb-source" data-kind={source.kind} data-class-pairs={source.classPairs ?? ''}>
            {source.classPairs ? t('feedback.sourceClass', { n: source.classPairs }) : t(`feedback.source.${source.kind}`, { name: source.name })}
          </span>
        )}
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
      <TokenTable rollout={rollout} n={n} vocab={vocab} lines={lines} rowHead={rowHead} testid="fb" label={t('feedback.tableLabel')} />
      <RowsControl B={B} />
      <p className="muted">{t('feedback.legend')}</p>
    </section>
  );
}
