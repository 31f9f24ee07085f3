import { useTranslation } from 'react-i18next';
import { selectVocab, useRunStore } from '../state/run-store';
import { cellHovered, useViewStore } from '../state/view-store';
import { absMax, heat, PALETTES } from './colors';
import { fmt } from './format';
import { GaeScan } from './GaeScan';
import { MinibatchTable } from './MinibatchTable';
import { RatioPlot } from './RatioPlot';
import { RowsControl } from './RowsControl';
import { RowTokens } from './RowTokens';
import { useReveal } from './useReveal';
import { Term } from './glossary/Term';
import { TENSOR_TERMS } from './glossary/terms';

type Kind = 'value' | 'delta' | 'adv' | 'advWhite' | 'ret' | 'ratio';

/**
 * Phase 3: values and TD residuals, the GAE scan (animated from the last token to the first),
 * advantages before and after whitening, returns, and each token's ratio against the clip band
 * in the last epoch (clipped tokens marked ✂). Losses and gradient norms per minibatch below.
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
  const lines: { kind: Kind; label: string; values: ArrayLike<number>; gae: boolean }[] = [
    { kind: 'value', label: t('learning.value'), values: fb.values, gae: false },
    { kind: 'delta', label: t('learning.delta'), values: lv.deltas, gae: false },
    { kind: 'adv', label: t('learning.adv'), values: lv.advantages, gae: true },
    { kind: 'advWhite', label: cfg.whitenAdvantages ? t('learning.advWhite') : t('learning.advNotWhite'), values: lv.advantagesWhite, gae: true },
    { kind: 'ret', label: t('learning.ret'), values: lv.returns, gae: true },
    { kind: 'ratio', label: t('learning.ratio', { lo: fmt(1 - cfg.clipEps, 2), hi: fmt(1 + cfg.clipEps, 2) }), values: lv.ratio, gae: false },
  ];
  const ratioDev = Float32Array.from(lv.ratio, (r) => r - 1);
  const scale = (k: Kind, v: ArrayLike<number>) => (k === 'ratio' ? Math.max(cfg.clipEps, absMax(ratioDev, mask, n, T)) : absMax(v, mask, n, T));
  const scales = Object.fromEntries(lines.map((l) => [l.kind, scale(l.kind, l.values)])) as Record<Kind, number>;
  const firstShown = span - scanned; // the GAE scan reveals columns from the right
  return (
    <section className="card" aria-label={t('learning.title')} data-testid="learning-panel" data-state={scanned >= span ? 'done' : 'scanning'}>
      <h2>{t('learning.title')}</h2>
      <GaeScan scanned={scanned} span={span} />
      <div className="table-scroll">
        <table className="heat" data-testid="learning-table">
          {Array.from({ length: n }, (_, b) => (
            <tbody key={b} data-testid="ln-row" data-b={b}>
              <tr className="tokens">
                <th scope="row" className="row-head" rowSpan={lines.length + 1}>#{b}</th>
                <RowTokens rollout={rollout} b={b} vocab={vocab} />
              </tr>
              {lines.map((line) => (
                <tr key={line.kind} className={`line-${line.kind}`}>
                  <th scope="row" className="line-label"><Term id={TENSOR_TERMS[line.kind]} focusable={false}>{line.label}</Term></th>
                  {Array.from({ length: T }, (_, i) => {
                    const idx = b * T + i, real = mask[idx] > 0, v = line.values[idx];
                    const hidden = line.gae && i < firstShown;
                    const clipped = line.kind === 'ratio' && lv.clipped[idx] === 1;
                    const cursor = line.gae && real && i === firstShown && scanned < span;
                    return (
                      <td key={i} className={`${real ? '' : 'masked'} ${clipped ? 'clipped' : ''} ${cursor ? 'cursor' : ''}`}
                        style={{ background: real && !hidden ? heat(line.kind === 'ratio' ? v - 1 : v, scales[line.kind], pal) : undefined }}
                        data-testid="ln-cell" data-kind={line.kind} data-b={b} data-t={i} data-value={v} data-clipped={line.kind === 'ratio' ? lv.clipped[idx] : undefined}
                        onMouseEnter={() => cellHovered({ b, t: i })}>
                        {!real ? '' : hidden ? '·' : `${fmt(v)}${clipped ? ' ✂' : ''}`}
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
      <div className="two-col">
        <RatioPlot />
        <MinibatchTable />
      </div>
    </section>
  );
}
