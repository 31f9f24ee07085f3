import { useTranslation } from 'react-i18next';
import { CartesianGrid, ReferenceArea, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { PALETTES } from './colors';
import { fmt, tick } from './format';

/**
 * Every real token of the last epoch: its whitened advantage (x) and ratio π_new/π_old (y) against
 * the clip band [1−ε, 1+ε]. Clipped tokens — outside the band on the side the advantage pushes
 * towards — carry no gradient and are drawn as crosses.
 */
export function RatioPlot() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const lv = useRunStore((s) => s.learning);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const safe = useViewStore((s) => s.colourSafe);
  if (!rollout || !lv || !cfg) return null;
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const inBand: { x: number; y: number; b: number; t: number }[] = [], clipped: typeof inBand = [];
  for (let i = 0; i < lv.ratio.length; i++) {
    if (rollout.mask[i] === 0) continue;
    (lv.clipped[i] ? clipped : inBand).push({ x: lv.advantagesWhite[i], y: lv.ratio[i], b: Math.floor(i / rollout.T), t: i % rollout.T });
  }
  return (
    <figure className="chart" data-testid="ratio-plot" data-clipped={clipped.length} data-tokens={inBand.length + clipped.length}>
      <figcaption>{t('learning.ratioPlot', { n: clipped.length, total: inBand.length + clipped.length })}</figcaption>
      <ScatterChart width={420} height={220} margin={{ top: 8, right: 12, bottom: 18, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" dataKey="x" name="Â" tickFormatter={(v) => tick(Number(v))} label={{ value: t('learning.advAxis'), position: 'insideBottom', offset: -10 }} />
        <YAxis type="number" dataKey="y" name="ratio" domain={['auto', 'auto']} tickFormatter={(v) => tick(Number(v))} />
        <ReferenceArea y1={1 - cfg.clipEps} y2={1 + cfg.clipEps} fill={pal.series[4]} fillOpacity={0.12} />
        <ReferenceLine y={1} stroke="#888" strokeDasharray="4 4" />
        <Tooltip formatter={(v) => fmt(Number(v), 4)} />
        <Scatter name={t('learning.inBand')} data={inBand} fill={pal.series[0]} isAnimationActive={false} />
        <Scatter name={t('learning.clippedTokens')} data={clipped} fill={pal.series[1]} shape="cross" isAnimationActive={false} />
      </ScatterChart>
    </figure>
  );
}
