import type { ReactNode } from 'react';
import type { LegendItem } from './chart-image';

/**
 * A chart's legend, outside the plot: however many lines it wraps to (large projector type, long
 * names in 中文), the plot keeps its height. The same items go into the PNG export; `label` may
 * draw a name richer on the page (e.g. with its glossary entry).
 */
export function ChartLegend({ items, label }: { items: readonly LegendItem[]; label?: (index: number, text: string) => ReactNode }) {
  return (
    <ul className="chart-legend">
      {items.map((it, i) => (
        <li key={it.name}>
          {it.marker ? (
            <span className="legend-marker" style={{ color: it.colour }} aria-hidden="true">{it.marker}</span>
          ) : (
            <svg width="24" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="24" y2="5" stroke={it.colour} strokeWidth="2.5" strokeDasharray={it.dash} />
            </svg>
          )}
          {label ? label(i, it.name) : it.name}
        </li>
      ))}
    </ul>
  );
}
