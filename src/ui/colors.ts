/**
 * Colours for heat cells and chart lines. The default pair is red/green; the colour-blind-safe
 * palette uses blue/orange (Okabe & Ito 2008), and every mark that matters (clipped, last token)
 * also has a symbol, not only a colour.
 */
export interface Palette {
  negative: [number, number, number];
  positive: [number, number, number];
  series: string[];
}

export const PALETTES: Record<'default' | 'safe', Palette> = {
  default: { negative: [214, 39, 40], positive: [44, 160, 44], series: ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'] },
  safe: { negative: [213, 94, 0], positive: [0, 114, 178], series: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'] },
};

/** Background for value v on a symmetric scale of ±scale (alpha grows with |v|). */
export function heat(v: number, scale: number, p: Palette): string {
  if (!Number.isFinite(v) || scale <= 0) return 'transparent';
  const a = Math.min(1, Math.abs(v) / scale);
  const [r, g, b] = v < 0 ? p.negative : p.positive;
  return `rgba(${r}, ${g}, ${b}, ${(0.08 + 0.55 * a).toFixed(3)})`;
}

/** max |x| over the masked entries (a heat table's scale). */
export function absMax(xs: ArrayLike<number>, mask?: ArrayLike<number>, rows?: number, T?: number): number {
  let m = 0;
  const n = rows !== undefined && T !== undefined ? Math.min(xs.length, rows * T) : xs.length;
  for (let i = 0; i < n; i++) if ((!mask || mask[i] > 0) && Number.isFinite(xs[i])) m = Math.max(m, Math.abs(xs[i]));
  return m;
}
