import { expect, type Locator } from '@playwright/test';

/** Tick labels of every axis of a chart (returned, axis by axis): never repeated on one axis, evenly spaced values, inside the chart's drawing. */
export async function checkTicks(chart: Locator): Promise<string[][]> {
  // recharts 3 draws each axis's tick labels in a group of their own (.recharts-cartesian-axis-tick-labels).
  const axes = await chart.locator('.recharts-cartesian-axis-tick-labels').evaluateAll((els) => els.map((axis) => {
    const svg = axis.closest('svg')!.getBoundingClientRect();
    return [...axis.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', inside: r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1 };
    });
  }));
  expect(axes.length).toBeGreaterThanOrEqual(2);
  for (const ticks of axes) {
    const texts = ticks.map((t) => t.text);
    expect(texts.length, 'ticks on an axis').toBeGreaterThanOrEqual(2);
    expect(new Set(texts).size, texts.join(' ')).toBe(texts.length);
    expect(ticks.every((t) => t.inside), `clipped tick label in ${texts.join(' ')}`).toBe(true);
    const values = texts.map((s) => Number(s.replace('−', '-')));
    const steps = values.slice(1).map((v, i) => v - values[i]);
    for (const s of steps) expect(Math.abs(s - steps[0]), texts.join(' ')).toBeLessThan(1e-9 + 1e-6 * Math.abs(steps[0]));
  }
  return axes.map((ticks) => ticks.map((t) => t.text));
}
