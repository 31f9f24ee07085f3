import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useViewStore } from '../state/view-store';
import { axisWidth, niceAxis, tickOf } from './axis';
import { ChartLegend } from './ChartLegend';
import { PALETTES } from './colors';
import { fmt } from './format';

/** A training curve (loss, accuracy) per step of a stage before PPO; a right-axis series is a fraction in [0, 1]. */
export function CurveChart({ id, title, series }: { id: string; title: string; series: { label: string; values: number[]; right?: boolean }[] }) {
  const { t } = useTranslation();
  const safe = useViewStore((s) => s.colourSafe);
  const projector = useViewStore((s) => s.projector);
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const data = Array.from({ length: n }, (_, i) => Object.fromEntries([['step', i + 1], ...series.map((s) => [s.label, s.values[i]])]));
  const hasRight = series.some((s) => s.right);
  const fontSize = projector ? 15 : 11;
  // Losses are ≥ 0: zero stays on the axis; accuracies read on a fixed 0 … 1 axis.
  const left = niceAxis(series.filter((s) => !s.right).flatMap((s) => s.values), { includeZero: true });
  const right = niceAxis([0, 1]);
  const x = niceAxis([1, n], { integer: true, count: 6 });
  const rightMark = t('charts.rightAxis');
  return (
    <figure className="chart" data-testid={`curve-${id}`} data-points={n}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={projector ? 230 : 160}>
        <LineChart data={data} margin={{ top: 8, right: hasRight ? 2 : 14, bottom: 2, left: 2 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={x.domain} ticks={x.ticks} interval={0} tickFormatter={tickOf(x)} tick={{ fontSize }}
            height={fontSize * 2 + 14} label={{ value: t('stages.stepAxis'), position: 'insideBottom', fontSize, fill: '#4b5563' }} />
          <YAxis yAxisId="l" domain={left.domain} ticks={left.ticks} interval={0} tickFormatter={tickOf(left)} tick={{ fontSize }} width={axisWidth(left.labels, fontSize)} />
          {hasRight && <YAxis yAxisId="r" orientation="right" domain={right.domain} ticks={right.ticks} interval={0} tickFormatter={tickOf(right)} tick={{ fontSize }} width={axisWidth(right.labels, fontSize)} />}
          <Tooltip formatter={(v) => fmt(Number(v), 4)} />
          {series.map((s, i) => (
            <Line key={s.label} yAxisId={s.right ? 'r' : 'l'} dataKey={s.label} stroke={pal.series[i]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ChartLegend items={series.map((s, i) => ({ name: s.right ? `${s.label} ${rightMark}` : s.label, colour: pal.series[i] }))} />
    </figure>
  );
}
