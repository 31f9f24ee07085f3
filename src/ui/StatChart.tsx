import { memo, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useViewStore } from '../state/view-store';
import { axisWidth, niceAxis, tickOf } from './axis';
import { chartImageSvg, type LegendItem } from './chart-image';
import { ChartLegend } from './ChartLegend';
import { PALETTES } from './colors';
import { downloadBlob, plotSvgOf, svgToPng } from './download';
import { historyCurve } from './downsample';
import { fmt } from './format';
import { PlotCurves, type PlotCurve } from './PlotCurves';

export interface Series {
  key: string;
  label: string;
  /** Draw on a second axis (e.g. β next to KL). */
  right?: boolean;
  /** Zero means something for this statistic (a KL, a fraction, explained variance): keep it on the axis. */
  zero?: boolean;
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

/** Names of what the left and right axes measure (drawn along the axes). */
export interface AxisLabels {
  left?: string;
  right?: string;
}

/** Longest curve drawn per line: longer histories keep each bucket's min and max (downsample.ts). */
const MAX_POINTS = 400;

type Row = Record<string, number>;

const NO_MARKS: readonly ChartMark[] = [];
const NO_AXES: AxisLabels = {};

/**
 * One chart of statistics over iterations, for one run or several overlaid (compare): with one run
 * each series has its own colour; with several, each run has its colour (the same in every chart)
 * and each series its dash. Nice ticks on every axis (axis.ts), axis names, a legend that says
 * which series reads on the right axis, hover values, and PNG export of the whole chart. Memoised:
 * a chart redraws only when what it shows changes (its parents redraw at every phase of a run).
 */
export const StatChart = memo(function StatChart({ id, title, series, runs, marks = NO_MARKS, axes = NO_AXES, legendLabel, plotHeight }: {
  id: string; title: string; series: Series[]; runs: readonly ChartRun[]; marks?: readonly ChartMark[]; axes?: AxisLabels;
  /** Draws a legend entry (e.g. with its glossary entry on hover); the plain text otherwise. */
  legendLabel?: (series: Series, text: string) => ReactNode;
  /** The plot's height in px, or 'fill' to take the height the parent leaves it (the projector dashboard). */
  plotHeight?: number | 'fill';
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const safe = useViewStore((s) => s.colourSafe);
  const projector = useViewStore((s) => s.projector);
  const pal = PALETTES[safe ? 'safe' : 'default'];
  const hasRight = series.some((s) => s.right);
  const several = runs.length > 1;
  const lines = useMemo(() => runs.flatMap((run, r) => series.map((s, i) => ({
    dataKey: `r${r}s${i}`,
    series: s,
    name: several ? `${run.name} · ${s.label}` : s.label,
    right: Boolean(s.right),
    colour: pal.series[(several ? r : i) % pal.series.length],
    dash: (several ? i : i % 2) ? '5 3' : undefined,
    points: historyCurve(run.history, s.key, MAX_POINTS),
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
  const forks = runs.filter((r) => r.forkAt).map((r) => ({ x: r.forkAt!, label: r.name }));
  const axisOf = (right: boolean) => niceAxis(lines.filter((l) => l.right === right).flatMap((l) => l.points.map((p) => p.y)),
    { includeZero: series.some((s) => Boolean(s.right) === right && s.zero) });
  const left = axisOf(false), rightAxis = hasRight ? axisOf(true) : null;
  const xAxis = niceAxis([...data.map((d) => d.x), ...marks.map((m) => m.x), ...forks.map((f) => f.x), 1], { integer: true, count: 6 });
  const fontSize = projector ? 15 : 11;
  const height = plotHeight === 'fill' ? '100%' : plotHeight ?? (projector ? 250 : 170);
  const rightMark = t('charts.rightAxis');
  const legend: LegendItem[] = lines.map((l) => ({ name: l.right ? `${l.name} ${rightMark}` : l.name, colour: l.colour, dash: l.dash }));
  const few = data.length < 30;
  const curves: PlotCurve[] = useMemo(() => lines.map((l) => ({ key: l.dataKey, points: l.points, colour: l.colour, dash: l.dash, right: l.right })), [lines]);
  const exportPng = async () => {
    const plot = ref.current && plotSvgOf(ref.current);
    if (plot) downloadBlob(await svgToPng(chartImageSvg({ title, legend, ...plot })), `rlhf-${id}.png`);
  };
  const yLabel = (value: string | undefined, side: 'left' | 'right') => value
    ? { value, angle: side === 'left' ? -90 : 90, position: side === 'left' ? 'insideLeft' : 'insideRight', style: { textAnchor: 'middle', fontSize }, fill: '#4b5563' } as const
    : undefined;
  return (
    <figure className={`chart ${plotHeight === 'fill' ? 'chart-fill' : ''}`} ref={ref} data-testid={`chart-${id}`} data-points={runs[0]?.history.length ?? 0} data-runs={runs.length}>
      <figcaption>
        {title}
        <button type="button" className="link small" onClick={() => void exportPng()} aria-label={t('charts.png', { title })} data-testid={`chart-${id}-png`}>PNG</button>
      </figcaption>
      <div className="plot-area">
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={data} margin={{ top: 8, right: hasRight ? 2 : 14, bottom: 2, left: 2 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis includeHidden dataKey="x" type="number" domain={xAxis.domain} ticks={xAxis.ticks} interval={0} tickFormatter={tickOf(xAxis)} tick={{ fontSize }}
              height={fontSize * 2 + 14} label={{ value: t('charts.iterationAxis'), position: 'insideBottom', fontSize, fill: '#4b5563' }} />
            <YAxis includeHidden yAxisId="l" domain={left.domain} ticks={left.ticks} interval={0} tickFormatter={tickOf(left)} tick={{ fontSize }}
              width={axisWidth(left.labels, fontSize) + (axes.left ? fontSize + 6 : 0)} label={yLabel(axes.left, 'left')} />
            {rightAxis && (
              <YAxis includeHidden yAxisId="r" orientation="right" domain={rightAxis.domain} ticks={rightAxis.ticks} interval={0} tickFormatter={tickOf(rightAxis)} tick={{ fontSize }}
                width={axisWidth(rightAxis.labels, fontSize) + (axes.right ? fontSize + 6 : 0)} label={yLabel(axes.right, 'right')} />
            )}
            <Tooltip includeHidden formatter={(v) => fmt(Number(v), 4)} labelFormatter={(v) => t('charts.iteration', { n: Number(v) })} />
            {[...marks, ...forks].map((m, i) => (
              <ReferenceLine key={`m${i}`} yAxisId="l" x={m.x} stroke="#5b6470" strokeDasharray="2 3" label={{ value: m.label, position: 'insideTopLeft', fontSize }} />
            ))}
            {/* Hidden lines: only what the tooltip lists on hover; PlotCurves draws the curves (plot-path.ts says why). */}
            {lines.map((l) => (
              <Line key={l.dataKey} yAxisId={l.right ? 'r' : 'l'} dataKey={l.dataKey} name={l.name} stroke={l.colour} hide isAnimationActive={false} />
            ))}
            <PlotCurves curves={curves} dots={few} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartLegend items={legend} label={legendLabel && ((i, text) => legendLabel(lines[i].series, text))} />
    </figure>
  );
});
