/** Numbers as shown in the panels: 3 decimals near 1, scientific when tiny or huge. The full value goes in data-value. */
export function fmt(x: number | undefined | null, digits = 3): string {
  if (x === undefined || x === null || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 10 ** -digits || a >= 1e5)) return x.toExponential(2).replace('-', '−');
  return x.toFixed(digits).replace('-', '−');
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
