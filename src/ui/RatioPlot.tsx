import { useTranslation } from 'react-i18next';
import { CartesianGrid, ReferenceArea, ReferenceLine, ResponsiveContainer, ScatterChart, XAxis, YAxis } from 'recharts';
import { useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { axisWidth, niceAxis, tickOf } from './axis';
import { ChartLegend } from './ChartLegend';
import { PALETTES } from './colors';
import { CLIP_MARK, fmt } from './format';
import { RatioDots, type Dot } from './RatioDots';
import { onAxis, ratioAxis } from './ratio-axis';

/**
 * Every real token of the last epoch: its whitened advantage (x) and ratio π_new/π_old (y) against
 * the clip band [1−ε, 1+ε]. Clipped tokens — outside the band on the side the advantage pushes
 * towards — carry no gradient and are drawn as ✕. The vertical axis is robust (ratio-axis.ts): a
 * token far outside is drawn on the edge as a triangle and counted in the caption.
 */
export function RatioPlot() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const lv = useRunStore((s) => s.learning);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const safe = useViewStore((s) => s.colourSafe);
  const projector = useViewStore((s) => s.projector);
  if (!rollout || !lv || !cfg) return null;
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const real: number[] = [];
  for (let i = 0; i < lv.ratio.length; i++) if (rollout.mask[i] > 0) real.push(i);
  const y = ratioAxis(real.map((i) => lv.ratio[i]), cfg.clipEps);
  const x = niceAxis(real.map((i) => lv.advantagesWhite[i]), { includeZero: true });
  const inBand: Dot[] = [], clipped: Dot[] = [], beyond: Dot[] = [];
  for (const i of real) {
    const r = lv.ratio[i];
    const dot = { x: lv.advantagesWhite[i], y: onAxis(r, y), ratio: r, b: Math.floor(i / rollout.T), t: i % rollout.T };
    (dot.y !== r ? beyond : lv.clipped[i] ? clipped : inBand).push(dot);
  }
  const nClipped = real.filter((i) => lv.clipped[i]).length;
  const fontSize = projector ? 15 : 11;
  return (
    <figure className="chart ratio-plot" data-testid="ratio-plot" data-clipped={nClipped} data-tokens={real.length}
      data-beyond={y.above + y.below} data-y-min={y.domain[0]} data-y-max={y.domain[1]}>
      <figcaption>{t('learning.ratioPlot', { n: nClipped, total: real.length })}</figcaption>
      {y.extreme !== null && (
        <p className="muted ratio-beyond" data-testid="ratio-beyond">
          {t('learning.ratioBeyond', { n: y.above + y.below, extreme: fmt(y.extreme, 2) })}
        </p>
      )}
      <ResponsiveContainer width="100%" height={projector ? 300 : 230}>
        {/* The chart's data: the two corners of the axes, enough for recharts to build its scales; RatioDots draws the tokens. */}
        <ScatterChart data={[{ x: x.domain[0], y: y.domain[0] }, { x: x.domain[1], y: y.domain[1] }]} margin={{ top: 8, right: 12, bottom: 2, left: 2 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" name="Â" domain={x.domain} ticks={x.ticks} interval={0} tickFormatter={tickOf(x)} tick={{ fontSize }}
            height={fontSize * 2 + 14} label={{ value: t('learning.advAxis'), position: 'insideBottom', fontSize, fill: '#4b5563' }} />
          <YAxis type="number" dataKey="y" name="ratio" domain={y.domain} ticks={y.ticks} interval={0} tickFormatter={tickOf(y)} tick={{ fontSize }}
            allowDataOverflow width={axisWidth(y.labels, fontSize) + fontSize + 6}
            label={{ value: t('learning.ratioAxis'), angle: -90, position: 'insideLeft', style: { textAnchor: 'middle', fontSize }, fill: '#4b5563' }} />
          <ReferenceArea y1={Math.max(y.domain[0], 1 - cfg.clipEps)} y2={Math.min(y.domain[1], 1 + cfg.clipEps)} fill={pal.series[4]} fillOpacity={0.15} />
          <ReferenceLine y={1} stroke="#888" strokeDasharray="4 4" />
          <RatioDots groups={[
            { dots: inBand, colour: pal.series[0], shape: 'disc', testid: 'ratio-in-band' },
            { dots: clipped, colour: pal.series[1], shape: 'cross', testid: 'ratio-clipped' },
            { dots: beyond, colour: pal.series[3], shape: 'edge', testid: 'ratio-beyond-dots' },
          ]} />
        </ScatterChart>
      </ResponsiveContainer>
      <ChartLegend items={[
        { name: t('learning.inBand'), colour: pal.series[0], marker: '●' },
        { name: t('learning.clippedTokens'), colour: pal.series[1], marker: CLIP_MARK },
        { name: t('learning.beyondTokens'), colour: pal.series[3], marker: '▲▼' },
        { name: t('learning.clipBand', { lo: fmt(1 - cfg.clipEps, 2), hi: fmt(1 + cfg.clipEps, 2) }), colour: pal.series[4], marker: '■' },
      ]} />
    </figure>
  );
}
