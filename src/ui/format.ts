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

/** Axis ticks: two significant digits, short enough for a narrow axis. */
export function tick(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (x === 0) return '0';
  return String(Number(x.toPrecision(2))).replace('-', '−');
}

/** A number inside a formula: negative values in parentheses so "a·(−b)" reads right. */
export const term = (x: number, digits = 3) => (x < 0 ? `(${fmt(x, digits)})` : fmt(x, digits));
