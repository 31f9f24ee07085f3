import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useViewStore } from '../state/view-store';
import { PALETTES } from './colors';
import { fmt, tick } from './format';

/** A training curve (loss, accuracy) per step of a stage before PPO. */
export function CurveChart({ id, title, series }: { id: string; title: string; series: { label: string; values: number[]; right?: boolean }[] }) {
  const safe = useViewStore((s) => s.colourSafe);
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const data = Array.from({ length: n }, (_, i) => Object.fromEntries([['step', i + 1], ...series.map((s) => [s.label, s.values[i]])]));
  const hasRight = series.some((s) => s.right);
  return (
    <figure className="chart" data-testid={`curve-${id}`} data-points={n}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={data} margin={{ top: 6, right: hasRight ? 4 : 14, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" />
          <YAxis yAxisId="l" width={48} tickFormatter={(v) => tick(Number(v))} domain={['auto', 'auto']} />
          {hasRight && <YAxis yAxisId="r" orientation="right" width={44} domain={[0, 1]} tickFormatter={(v) => tick(Number(v))} />}
          <Tooltip formatter={(v) => fmt(Number(v), 4)} />
          <Legend />
          {series.map((s, i) => (
            <Line key={s.label} yAxisId={s.right ? 'r' : 'l'} dataKey={s.label} stroke={pal.series[i]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
