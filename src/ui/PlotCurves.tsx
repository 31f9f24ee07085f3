import { useId, useLayoutEffect, type RefObject } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { Curve } from './downsample';
import { pointAt, polylinePath, type PixelOf } from './plot-path';

/** One curve of a StatChart: its points (x in order), colour, dash and axis. */
export interface PlotCurve {
  key: string;
  points: Curve;
  colour: string;
  dash?: string;
  right: boolean;
}

/**
 * Where the plot sits in its surface (px from the surface's top left) and which iterations its
 * left and right edges show: what the chart's own hover and keyboard readout need to turn a
 * pointer position into an iteration and back (the x axis is linear).
 */
export interface PlotGeometry {
  left: number;
  top: number;
  width: number;
  height: number;
  /** x values at the plot's left and right edges. */
  x0: number;
  x1: number;
}

/** The pixel column of iteration x in a plot. */
export const pixelOfX = (g: PlotGeometry, x: number) => g.left + ((x - g.x0) / (g.x1 - g.x0 || 1)) * g.width;
/** The iteration under pixel column px of a plot (not rounded). */
export const xOfPixel = (g: PlotGeometry, px: number) => g.x0 + ((px - g.left) / (g.width || 1)) * (g.x1 - g.x0);

/**
 * The curves of a StatChart, drawn inside its recharts surface (axes, grid and reference lines stay
 * recharts'): one `<path>` per curve with its data as one flat string (plot-path.ts says what
 * recharts' `<Line>` cost per point), dots when the curves are short, and the hovered iteration's
 * dots. Recharts' scales place the points, so the curves sit on its axes exactly; recharts itself
 * is given no per-iteration data (StatChart says why), and `geometry` tells the chart where the plot is.
 */
export function PlotCurves({ curves, dots, hovered, xDomain, geometry }: {
  curves: readonly PlotCurve[]; dots: boolean; hovered: number | null; xDomain: readonly [number, number]; geometry: RefObject<PlotGeometry | null>;
}) {
  const clipId = useId();
  const plot = usePlotArea();
  const sx = useXAxisScale();
  const sl = useYAxisScale('l'), sr = useYAxisScale('r');
  const [d0, d1] = xDomain;
  const p0 = sx?.(d0), p1 = sx?.(d1);
  useLayoutEffect(() => {
    geometry.current = plot && p0 !== undefined && p1 !== undefined && p1 > p0
      ? { left: p0, top: plot.y, width: p1 - p0, height: plot.height, x0: d0, x1: d1 }
      : null;
  }, [geometry, plot, p0, p1, d0, d1]);
  if (!plot || !sx) return null;
  const px: PixelOf = (v) => sx(v);
  const pyOf = (right: boolean): PixelOf | null => {
    const s = right ? sr : sl;
    return s ? (v) => s(v) : null;
  };
  return (
    <g className="plot-curves">
      <defs>
        <clipPath id={clipId}>
          <rect x={plot.x - 4} y={plot.y - 4} width={plot.width + 8} height={plot.height + 8} />
        </clipPath>
      </defs>
      {hovered !== null && px(hovered) !== undefined && (
        <line className="plot-cursor" x1={px(hovered)} x2={px(hovered)} y1={plot.y} y2={plot.y + plot.height} stroke="#ccc" strokeWidth={1} />
      )}
      <g clipPath={`url(#${clipId})`}>
        {curves.map((c) => {
          const py = pyOf(c.right);
          if (!py) return null;
          const at = hovered === null ? null : pointAt(c.points, hovered);
          const ax = at && px(at.x), ay = at && py(at.y);
          return (
            <g key={c.key} className="plot-curve" data-key={c.key}>
              <path d={polylinePath(c.points, px, py)} fill="none" stroke={c.colour} strokeWidth={1.5} strokeDasharray={c.dash} strokeLinejoin="round" />
              {dots && Array.from(c.points.x, (at, j) => {
                const x = px(at), y = py(c.points.y[j]);
                return x === undefined || y === undefined ? null : <circle key={at} cx={x} cy={y} r={3} fill="#fff" stroke={c.colour} strokeWidth={1.5} />;
              })}
              {ax !== null && ax !== undefined && ay !== null && ay !== undefined && <circle cx={ax} cy={ay} r={4} fill={c.colour} stroke="#fff" strokeWidth={2} />}
            </g>
          );
        })}
      </g>
    </g>
  );
}
