import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useViewStore } from '../state/view-store';
import { PALETTES } from './colors';
import { downloadBlob, svgToPng } from './download';
import { fmt, tick } from './format';

export interface Series {
  key: string;
  label: string;
  /** Draw on a second axis (e.g. β next to KL). */
  right?: boolean;
}

/** One chart of TRL-named statistics over iterations; hover reads the values; PNG export. */
export function StatChart({ id, title, series, data }: { id: string; title: string; series: Series[]; data: Record<string, number>[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const safe = useViewStore((s) => s.colourSafe);
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const hasRight = series.some((s) => s.right);
  const exportPng = async () => {
    const svg = ref.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
    if (svg) downloadBlob(await svgToPng(svg, title), `rlhf-${id}.png`);
  };
  return (
    <figure className="chart" ref={ref} data-testid={`chart-${id}`} data-points={data.length}>
      <figcaption>
        {title}
        <button type="button" className="link small" onClick={() => void exportPng()} aria-label={t('charts.png', { title })} data-testid={`chart-${id}-png`}>PNG</button>
      </figcaption>
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={data} margin={{ top: 6, right: hasRight ? 4 : 14, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="iteration" tickFormatter={(v) => String(Number(v) + 1)} />
          <YAxis yAxisId="l" width={52} tickFormatter={(v) => tick(Number(v))} domain={['auto', 'auto']} />
          {hasRight && <YAxis yAxisId="r" orientation="right" width={52} tickFormatter={(v) => tick(Number(v))} domain={['auto', 'auto']} />}
          <Tooltip formatter={(v) => fmt(Number(v), 4)} labelFormatter={(v) => t('charts.iteration', { n: Number(v) + 1 })} />
          <Legend />
          {series.map((s, i) => (
            <Line key={s.key} yAxisId={s.right ? 'r' : 'l'} type="monotone" dataKey={s.key} name={s.label} stroke={pal.series[i % pal.series.length]}
              strokeDasharray={i % 2 ? '5 3' : undefined} dot={data.length < 30} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
