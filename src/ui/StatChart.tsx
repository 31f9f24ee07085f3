import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useViewStore } from '../state/view-store';
import { axisWidth, niceAxis, tickOf } from './axis';
import { chartImageSvg, type LegendItem } from './chart-image';
import { ChartLegend } from './ChartLegend';
import { PALETTES } from './colors';
import { downloadBlob, plotSvgOf, svgToPng } from './download';
import { historyCurve, type Curve } from './downsample';
import { fmt } from './format';
import { pointAt } from './plot-path';
import { pixelOfX, PlotCurves, xOfPixel, type PlotCurve, type PlotGeometry } from './PlotCurves';

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

/** The iterations any curve has a point at, ascending (the stops of the hover and keyboard readout). */
function stopsOf(lines: readonly { points: Curve }[]): Float64Array {
  const all = new Set<number>();
  for (const l of lines) for (const x of l.points.x) all.add(x);
  return Float64Array.from(all).sort();
}

/** The index of the stop nearest to x (stops ascending, not empty). */
function nearestStop(stops: Float64Array, x: number): number {
  let lo = 0, hi = stops.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (stops[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(stops[hi] - x) < Math.abs(stops[lo] - x) ? hi : lo;
}

const NO_MARKS: readonly ChartMark[] = [];
const NO_AXES: AxisLabels = {};

/**
 * One chart of statistics over iterations, for one run or several overlaid (compare): with one run
 * each series has its own colour; with several, each run has its colour (the same in every chart)
 * and each series its dash. Nice ticks on every axis (axis.ts), axis names, a legend that says
 * which series reads on the right axis, hover values (also by keyboard: focus the plot, then the
 * arrow keys, Home and End), and PNG export of the whole chart. Memoised: a chart redraws only when
 * what it shows changes (its parents redraw at every phase of a run).
 *
 * Recharts draws the frame only — grid, axes, reference lines — from two rows (the x axis's ends):
 * given one row per drawn point (and hidden `<Line>`s for its tooltip), its selectors kept ~1 KB per
 * point and chart, which made the page's heap grow with the history until the charts reached their
 * 400 points per curve (issue #13's soak). The curves, the hover and the readout are ours (PlotCurves).
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
  const stops = useMemo(() => stopsOf(lines), [lines]);
  const forks = runs.filter((r) => r.forkAt).map((r) => ({ x: r.forkAt!, label: r.name }));
  const axisOf = (right: boolean) => niceAxis(lines.filter((l) => l.right === right).flatMap((l) => Array.from(l.points.y)),
    { includeZero: series.some((s) => Boolean(s.right) === right && s.zero) });
  const left = axisOf(false), rightAxis = hasRight ? axisOf(true) : null;
  const xAxis = niceAxis([...stops, ...marks.map((m) => m.x), ...forks.map((f) => f.x), 1], { integer: true, count: 6 });
  // The frame's data: the x axis's two ends (the y axes have their own domains).
  const [x0, x1] = xAxis.domain;
  const frame = useMemo(() => [{ x: x0 }, { x: x1 }], [x0, x1]);
  const fontSize = projector ? 15 : 11;
  const height = plotHeight === 'fill' ? '100%' : plotHeight ?? (projector ? 250 : 170);
  const rightMark = t('charts.rightAxis');
  const legend: LegendItem[] = lines.map((l) => ({ name: l.right ? `${l.name} ${rightMark}` : l.name, colour: l.colour, dash: l.dash }));
  const few = stops.length < 30;
  // The readout: the hovered (or keyboard-chosen) iteration, and where its box sits in the plot area.
  const geometry = useRef<PlotGeometry | null>(null);
  const [hover, setHover] = useState<{ x: number; left: number; top: number } | null>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const hoverAt = (index: number) => {
    const g = geometry.current;
    if (!g || !stops.length) return setHover(null);
    const x = stops[Math.max(0, Math.min(stops.length - 1, index))];
    const left = pixelOfX(g, x);
    setHover({ x, left, top: g.top });
  };
  const onMouseMove = (e: MouseEvent<HTMLDivElement>) => {
    const g = geometry.current;
    if (!g || !stops.length) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left, py = e.clientY - r.top;
    if (px < g.left || px > g.left + g.width || py < g.top || py > g.top + g.height) setHover(null);
    else hoverAt(nearestStop(stops, xOfPixel(g, px)));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!stops.length) return;
    const at = hover === null ? -1 : nearestStop(stops, hover.x);
    const to = e.key === 'ArrowRight' ? (at < 0 ? 0 : at + 1) : e.key === 'ArrowLeft' ? (at < 0 ? stops.length - 1 : at - 1)
      : e.key === 'Home' ? 0 : e.key === 'End' ? stops.length - 1 : null;
    if (e.key === 'Escape') setHover(null);
    if (to === null || to < 0 || to >= stops.length) return;
    e.preventDefault();
    hoverAt(to);
  };
  const readout = hover && lines.flatMap((l) => {
    const p = pointAt(l.points, hover.x);
    return p ? [{ key: l.dataKey, name: l.name, colour: l.colour, value: fmt(p.y, 4) }] : [];
  });
  // The readout box beside the hovered iteration: on its right if it fits, else on its left, else
  // against the plot area's right edge (never cut off by the chart's border).
  useLayoutEffect(() => {
    const el = readoutRef.current, area = el?.parentElement?.clientWidth;
    if (!el || !hover || !area) return;
    el.style.left = '0px'; // measured at the left edge: its own width, not the room left of the pointer
    const w = el.offsetWidth, right = hover.left + 10, left = hover.left - 10 - w;
    el.style.left = `${right + w <= area ? right : left >= 0 ? left : Math.max(0, area - w)}px`;
  }, [hover, readout]);
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
      <div className="plot-area" role="application" tabIndex={0} aria-label={t('charts.readoutHint', { title })} data-testid={`chart-${id}-plot`}
        onMouseMove={onMouseMove} onMouseLeave={() => setHover(null)} onKeyDown={onKeyDown} onBlur={() => setHover(null)}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={frame} accessibilityLayer={false} margin={{ top: 8, right: hasRight ? 2 : 14, bottom: 2, left: 2 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" type="number" domain={xAxis.domain} ticks={xAxis.ticks} interval={0} tickFormatter={tickOf(xAxis)} tick={{ fontSize }}
              height={fontSize * 2 + 14} label={{ value: t('charts.iterationAxis'), position: 'insideBottom', fontSize, fill: '#4b5563' }} />
            <YAxis allowDataOverflow yAxisId="l" domain={left.domain} ticks={left.ticks} interval={0} tickFormatter={tickOf(left)} tick={{ fontSize }}
              width={axisWidth(left.labels, fontSize) + (axes.left ? fontSize + 6 : 0)} label={yLabel(axes.left, 'left')} />
            {rightAxis && (
              <YAxis allowDataOverflow yAxisId="r" orientation="right" domain={rightAxis.domain} ticks={rightAxis.ticks} interval={0} tickFormatter={tickOf(rightAxis)} tick={{ fontSize }}
                width={axisWidth(rightAxis.labels, fontSize) + (axes.right ? fontSize + 6 : 0)} label={yLabel(axes.right, 'right')} />
            )}
            {[...marks, ...forks].map((m, i) => (
              <ReferenceLine key={`m${i}`} yAxisId="l" x={m.x} stroke="#5b6470" strokeDasharray="2 3" label={{ value: m.label, position: 'insideTopLeft', fontSize }} />
            ))}
            <PlotCurves curves={curves} dots={few} hovered={hover?.x ?? null} xDomain={xAxis.domain} geometry={geometry} />
          </LineChart>
        </ResponsiveContainer>
        {hover && readout && (
          <div className="chart-readout" ref={readoutRef} style={{ left: 0, top: hover.top }} data-testid={`chart-${id}-readout`} data-x={hover.x} role="status">
            <p className="chart-readout-label">{t('charts.iteration', { n: hover.x })}</p>
            <ul>
              {readout.map((r) => <li key={r.key}><span className="legend-marker" style={{ color: r.colour }} aria-hidden="true">●</span> {r.name}: {r.value}</li>)}
            </ul>
          </div>
        )}
      </div>
      <ChartLegend items={legend} label={legendLabel && ((i, text) => legendLabel(lines[i].series, text))} />
    </figure>
  );
});
