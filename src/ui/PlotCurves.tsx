import { useId } from 'react';
import { useActiveTooltipLabel, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { Point } from './downsample';
import { pointAt, polylinePath, type PixelOf } from './plot-path';

/** One curve of a StatChart: its points (x in order), colour, dash and axis. */
export interface PlotCurve {
  key: string;
  points: readonly Point[];
  colour: string;
  dash?: string;
  right: boolean;
}

/**
 * The curves of a StatChart, drawn inside its recharts surface (axes, grid, tooltip and reference
 * lines stay recharts'): one `<path>` per curve with its data as one flat string (plot-path.ts says
 * what recharts' `<Line>` cost per point), dots when the curves are short, and the hovered
 * iteration's dots. Recharts' scales place the points, so the curves sit on its axes exactly.
 */
export function PlotCurves({ curves, dots }: { curves: readonly PlotCurve[]; dots: boolean }) {
  const clipId = useId();
  const plot = usePlotArea();
  const sx = useXAxisScale();
  const sl = useYAxisScale('l'), sr = useYAxisScale('r');
  const active = useActiveTooltipLabel();
  if (!plot || !sx) return null;
  const px: PixelOf = (v) => sx(v);
  const pyOf = (right: boolean): PixelOf | null => {
    const s = right ? sr : sl;
    return s ? (v) => s(v) : null;
  };
  const hovered = active === undefined || active === null || active === '' ? null : Number(active);
  return (
    <g className="plot-curves">
      <defs>
        <clipPath id={clipId}>
          <rect x={plot.x - 4} y={plot.y - 4} width={plot.width + 8} height={plot.height + 8} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>
        {curves.map((c) => {
          const py = pyOf(c.right);
          if (!py) return null;
          const at = hovered === null ? null : pointAt(c.points, hovered);
          const ax = at && px(at.x), ay = at && py(at.y);
          return (
            <g key={c.key} className="plot-curve" data-key={c.key}>
              <path d={polylinePath(c.points, px, py)} fill="none" stroke={c.colour} strokeWidth={1.5} strokeDasharray={c.dash} strokeLinejoin="round" />
              {dots && c.points.map((p) => {
                const x = px(p.x), y = py(p.y);
                return x === undefined || y === undefined ? null : <circle key={p.x} cx={x} cy={y} r={3} fill="#fff" stroke={c.colour} strokeWidth={1.5} />;
              })}
              {ax !== null && ax !== undefined && ay !== null && ay !== undefined && <circle cx={ax} cy={ay} r={4} fill={c.colour} stroke="#fff" strokeWidth={2} />}
            </g>
          );
        })}
      </g>
    </g>
  );
}
