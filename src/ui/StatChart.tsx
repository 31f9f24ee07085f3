import { useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useViewStore } from '../state/view-store';
import { PALETTES } from './colors';
import { downloadBlob, svgToPng } from './download';
import { curveOf, downsampleMinMax } from './downsample';
import { fmt, tick } from './format';

export interface Series {
  key: string;
  label: string;
  /** Draw on a second axis (e.g. β next to KL). */
  right?: boolean;
}

/** One run's statistics history (rows carry `iteration`, 0-based as the trainer counts). */
export interface ChartRun {
  id: string;
  name: string;
  history: readonly Record<string, number>[];
  /** The last iteration (1-based) this run shares with the run it was forked from: a marker is drawn there. */
  forkAt?: number | null;
}

/** A vertical marker at iteration x (1-based), e.g. where two curves part. */
export interface ChartMark {
  x: number;
  label: string;
}

/** Longest curve drawn per line: longer histories keep each bucket's min and max (downsample.ts). */
const MAX_POINTS = 400;

type Row = Record<string, number>;

/**
 * One chart of statistics over iterations, for one run or several overlaid (compare): with one run
 * each series has its own colour; with several, each run has its colour (the same in every chart)
 * and each series its dash. Hover reads the values; PNG export.
 */
export function StatChart({ id, title, series, runs, marks = [], legendLabel }: {
  id: string; title: string; series: Series[]; runs: readonly ChartRun[]; marks?: readonly ChartMark[];
  /** Draws a legend entry (e.g. with its glossary entry on hover); the plain text otherwise. */
  legendLabel?: (series: Series, text: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const safe = useViewStore((s) => s.colourSafe);
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const hasRight = series.some((s) => s.right);
  const several = runs.length > 1;
  const lines = useMemo(() => runs.flatMap((run, r) => series.map((s, i) => ({
    dataKey: `r${r}s${i}`,
    series: s,
    name: several ? `${run.name} · ${s.label}` : s.label,
    right: s.right,
    colour: pal.series[(several ? r : i) % pal.series.length],
    dash: (several ? i : i % 2) ? '5 3' : undefined,
    points: downsampleMinMax(curveOf(run.history, s.key), MAX_POINTS),
  }))), [runs, series, several, pal]);
  // One row per iteration that any line has (lines with a gap are joined: connectNulls).
  const data = useMemo(() => {
    const byX = new Map<number, Row>();
    for (const l of lines) for (const p of l.points) {
      let row = byX.get(p.x);
      if (!row) byX.set(p.x, (row = { x: p.x }));
      row[l.dataKey] = p.y;
    }
    return [...byX.values()].sort((a, b) => a.x - b.x);
  }, [lines]);
  const few = data.length < 30;
  const exportPng = async () => {
    const svg = ref.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
    if (svg) downloadBlob(await svgToPng(svg, title), `rlhf-${id}.png`);
  };
  const forks = runs.filter((r) => r.forkAt).map((r) => ({ x: r.forkAt!, label: r.name }));
  return (
    <figure className="chart" ref={ref} data-testid={`chart-${id}`} data-points={runs[0]?.history.length ?? 0} data-runs={runs.length}>
      <figcaption>
        {title}
        <button type="button" className="link small" onClick={() => void exportPng()} aria-label={t('charts.png', { title })} data-testid={`chart-${id}-png`}>PNG</button>
      </figcaption>
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={data} margin={{ top: 6, right: hasRight ? 4 : 14, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis yAxisId="l" width={52} tickFormatter={(v) => tick(Number(v))} domain={['auto', 'auto']} />
          {hasRight && <YAxis yAxisId="r" orientation="right" width={52} tickFormatter={(v) => tick(Number(v))} domain={['auto', 'auto']} />}
          <Tooltip formatter={(v) => fmt(Number(v), 4)} labelFormatter={(v) => t('charts.iteration', { n: Number(v) })} />
          <Legend formatter={legendLabel && ((value, entry) => {
            const line = lines.find((l) => l.dataKey === entry.dataKey);
            return line ? legendLabel(line.series, String(value)) : value;
          })} />
          {[...marks, ...forks].map((m, i) => (
            <ReferenceLine key={`m${i}`} yAxisId="l" x={m.x} stroke="#5b6470" strokeDasharray="2 3" label={{ value: m.label, position: 'insideTopLeft', fontSize: 11 }} />
          ))}
          {lines.map((l) => (
            <Line key={l.dataKey} yAxisId={l.right ? 'r' : 'l'} type="monotone" dataKey={l.dataKey} name={l.name} stroke={l.colour}
              strokeDasharray={l.dash} dot={few} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
