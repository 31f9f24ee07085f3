import { useTranslation } from 'react-i18next';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { fmt } from './format';

/** A token of the ratio plot: whitened advantage (x), ratio on the axis (y), the ratio itself, its place. */
export interface Dot { x: number; y: number; ratio: number; b: number; t: number }

/** How a group of dots is drawn: a disc, a ✕ (clipped) or a triangle on the edge (beyond the axis). */
export type DotShape = 'disc' | 'cross' | 'edge';

/**
 * The tokens of the ratio plot, drawn inside its recharts surface on recharts' scales (axes, grid,
 * clip band and tooltip-free hover stay recharts'/the browser's). Recharts' own <Scatter> kept each
 * iteration's points in its selector caches: ~8 KB of heap per iteration that never came back in the
 * soak (issue #13). Each dot says what it is on hover (an SVG title).
 */
export function RatioDots({ groups }: { groups: readonly { dots: readonly Dot[]; colour: string; shape: DotShape; testid: string }[] }) {
  const { t } = useTranslation();
  const sx = useXAxisScale(), sy = useYAxisScale();
  if (!sx || !sy) return null;
  return (
    <g className="ratio-dots">
      {groups.map((g) => (
        <g key={g.testid} data-testid={g.testid} data-n={g.dots.length}>
          {g.dots.map((d) => {
            const cx = sx(d.x), cy = sy(d.y);
            if (cx === undefined || cy === undefined) return null;
            return (
              <g key={`${d.b},${d.t}`}>
                <title>{`${t('learning.scanAt', { b: d.b, t: d.t })} Â = ${fmt(d.x, 3)}, π_new/π_old = ${fmt(d.ratio, 4)}`}</title>
                {shapeOf(g.shape, cx, cy, g.colour, d.ratio > 1)}
              </g>
            );
          })}
        </g>
      ))}
    </g>
  );
}

function shapeOf(shape: DotShape, cx: number, cy: number, colour: string, up: boolean) {
  if (shape === 'disc') return <circle cx={cx} cy={cy} r={3.5} fill={colour} fillOpacity={0.8} />;
  if (shape === 'cross') {
    const r = 4;
    return <path d={`M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx - r},${cy + r}L${cx + r},${cy - r}`} stroke={colour} strokeWidth={2} />;
  }
  const r = 5; // a triangle pointing the way the ratio went
  return <path d={up ? `M${cx},${cy - r}L${cx + r},${cy + r}L${cx - r},${cy + r}Z` : `M${cx},${cy + r}L${cx + r},${cy - r}L${cx - r},${cy - r}Z`} fill={colour} />;
}
