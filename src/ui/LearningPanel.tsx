import { useTranslation } from 'react-i18next';
import { selectVocab, useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { absMax, heat, PALETTES } from './colors';
import { CLIP_MARK, fmt } from './format';
import { learningLinesOf } from './algos/algo-view';
import { GaeScan } from './GaeScan';
import { MinibatchTable } from './MinibatchTable';
import { RatioPlot } from './RatioPlot';
import { RowsControl } from './RowsControl';
import { TokenTable, type TokenLine } from './TokenTable';
import { useReveal } from './useReveal';

type Kind = 'value' | 'delta' | 'adv' | 'advWhite' | 'ret' | 'ratio';

/**
 * Phase 3: values and TD residuals, the GAE scan (animated from the last token to the first),
 * advantages before and after whitening, returns, and each token's ratio against the clip band
 * in the last epoch (clipped tokens marked ✕, CLIP_MARK). Losses and gradient norms per minibatch below.
 */
export function LearningPanel() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const fb = useRunStore((s) => s.feedback);
  const lv = useRunStore((s) => s.learning);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const vocab = useRunStore(selectVocab);
  const rows = useViewStore((s) => s.rows);
  const colourSafe = useViewStore((s) => s.colourSafe);
  // The GAE scan runs from the last real token of the longest answer back to the first token.
  const span = rollout ? Math.max(1, ...Array.from(rollout.lastT, (t) => t + 1)) : 0;
  const scanned = useReveal(lv, span);
  if (!rollout || !fb || !lv || !cfg) {
    return (
      <section className="card" aria-label={t('learning.title')} data-testid="learning-panel" data-state="empty">
        <h2>{t('learning.title')}</h2>
        <p className="muted">{t('learning.empty')}</p>
      </section>
    );
  }
  const pal = PALETTES[colourSafe ? 'safe' : 'default'];
  const { B, T, mask } = rollout;
  const n = Math.min(rows, B);
  const allSpecs: { kind: Kind; label: string; values: ArrayLike<number>; gae: boolean }[] = [
    { kind: 'value', label: t('learning.value'), values: fb.values, gae: false },
    { kind: 'delta', label: t('learning.delta'), values: lv.deltas, gae: false },
    { kind: 'adv', label: t('learning.adv'), values: lv.advantages, gae: true },
    { kind: 'advWhite', label: cfg.whitenAdvantages ? t('learning.advWhite') : t('learning.advNotWhite'), values: lv.advantagesWhite, gae: true },
    { kind: 'ret', label: t('learning.ret'), values: lv.returns, gae: true },
    { kind: 'ratio', label: t('learning.ratio', { lo: fmt(1 - cfg.clipEps, 2), hi: fmt(1 + cfg.clipEps, 2) }), values: lv.ratio, gae: false },
  ];
  const specs = allSpecs.filter((l) => learningLinesOf(cfg.algo).includes(l.kind)); // no critic: no values, TD residuals or returns
  const ratioDev = Float32Array.from(lv.ratio, (r) => r - 1);
  const scale = (k: Kind, v: ArrayLike<number>) => (k === 'ratio' ? Math.max(cfg.clipEps, absMax(ratioDev, mask, n, T)) : absMax(v, mask, n, T));
  const firstShown = span - scanned; // the GAE scan reveals columns from the right
  const lines: TokenLine[] = specs.map(({ kind, label, values, gae }) => {
    const sc = scale(kind, values);
    return {
      kind, label,
      cell: (b, i) => {
        const idx = b * T + i, real = mask[idx] > 0, v = values[idx];
        const hidden = gae && i < firstShown;
        const clipped = kind === 'ratio' && lv.clipped[idx] === 1;
        const cursor = gae && real && i === firstShown && scanned < span;
        return {
          className: `${real ? '' : 'masked'} ${clipped ? 'clipped' : ''} ${cursor ? 'cursor' : ''}`,
          style: { background: real && !hidden ? heat(kind === 'ratio' ? v - 1 : v, sc, pal) : undefined },
          data: { value: v, clipped: kind === 'ratio' ? lv.clipped[idx] : undefined },
          content: !real ? '' : hidden ? '·' : clipped ? <>{fmt(v)} <span className="clip-mark" aria-hidden="true">{CLIP_MARK}</span><span className="sr-only">{t('learning.clippedTokens')}</span></> : fmt(v),
        };
      },
    };
  });
  return (
    <section className="card" aria-label={t('learning.title')} data-testid="learning-panel" data-state={scanned >= span ? 'done' : 'scanning'}>
      <h2>{t('learning.title')}</h2>
      <GaeScan scanned={scanned} span={span} />
      {lines.length > 0 && <TokenTable rollout={rollout} n={n} vocab={vocab} lines={lines} rowHead={(b) => `#${b}`} testid="ln" label={t('learning.tableLabel')} />}
      {lines.length > 0 && <RowsControl B={B} />}
      <div className="two-col">
        <RatioPlot />
        <MinibatchTable />
      </div>
    </section>
  );
}
