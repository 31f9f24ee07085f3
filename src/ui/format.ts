/**
 * The page's one number formatter. Every number a panel, chart or tooltip shows goes through
 * here, so a value reads the same everywhere: the typographic minus (U+2212) for every sign,
 * exponents written one way ("1.17e−4"), and the full float kept in data-value for tests.
 */

/** Hyphen-minus → typographic minus, everywhere in the string (signs and exponents alike). */
const minus = (s: string) => s.replace(/-/g, '−');

/** A number as shown in the panels: `digits` decimals near 1, scientific when tiny or huge. */
export function fmt(x: number | undefined | null, digits = 3): string {
  if (x === undefined || x === null || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 10 ** -digits || a >= 1e5)) return minus(x.toExponential(2).replace('e+', 'e'));
  // −0.000 reads as a sign error: a value that rounds to zero is shown as 0.
  const s = x.toFixed(digits);
  return minus(Number(s) === 0 ? s.replace('-', '') : s);
}

export const pct = (x: number) => (Number.isFinite(x) ? `${minus((100 * x).toFixed(1))}%` : '—');

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** A number inside a formula: negative values in parentheses so "a·(−b)" reads right. */
export const term = (x: number, digits = 3) => (x < 0 ? `(${fmt(x, digits)})` : fmt(x, digits));

/**
 * The labels of evenly spaced axis ticks: as many decimals as the step needs and no more, so
 * consecutive labels always differ ("0, 0.025, 0.050", never "0.03" twice); zero is written "0"; scientific notation
 * (one style, see fmt) when the numbers are very small or very large.
 */
export function tickLabels(ticks: readonly number[], step: number): string[] {
  const big = Math.max(0, ...ticks.map(Math.abs));
  if (step > 0 && (step < 1e-3 || big >= 1e5)) {
    // Mantissa digits: enough to tell ticks one step apart at the largest magnitude.
    const digits = Math.min(6, Math.max(0, Math.ceil(Math.log10(big / step) - 1e-9)));
    return ticks.map((v) => (v === 0 ? '0' : minus(v.toExponential(digits).replace('e+', 'e'))));
  }
  const decimals = step > 0 ? decimalsOf(step) : 0;
  return ticks.map((v) => {
    const s = v.toFixed(decimals);
    return Number(s) === 0 ? '0' : minus(s);
  });
}

/** Decimals needed to write `step` exactly (0.25 → 2, 5 → 0, 0.001 → 3). */
export function decimalsOf(step: number): number {
  for (let d = 0; d <= 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6 * 10 ** d * step) return d;
  return 12;
}

/**
 * The one mark for a token whose PPO ratio was clipped (table cells, Inspect, the ratio plot's
 * markers and legends): it carried no policy gradient in the last epoch.
 */
export const CLIP_MARK = '✕';

/** An engine's message as a sentence: capitalised, ending with a full stop (it is followed by more text). */
export function sentence(text: string): string {
  const s = text.trim();
  if (!s) return '';
  const first = s[0].toUpperCase() + s.slice(1);
  return /[.!?。！？]$/.test(first) ? first : `${first}.`;
}
