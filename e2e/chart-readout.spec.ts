import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations } from './a11y';
import { baseQuery } from './flows';
import { openPlayground, pageErrors, stepIteration } from './helpers';

// The charts' own hover and keyboard readout (StatChart: recharts draws only the frame since
// issue #13's soak): the plot is one tab stop; the arrow keys, Home and End choose an iteration and
// the readout lists every curve's value there; the mouse does the same; axe finds nothing serious.
test('a chart reads out the values of an iteration by keyboard and by mouse', async ({ page }, testInfo) => {
  const errors = pageErrors(page);
  await openPlayground(page, baseQuery('cpu'));
  for (let k = 0; k < 3; k++) await stepIteration(page);
  const chart = page.getByTestId('chart-scores');
  await expect(chart).toHaveAttribute('data-points', '3');
  const plot = page.getByTestId('chart-scores-plot');
  const readout = page.getByTestId('chart-scores-readout');
  await plot.focus();
  await expect(plot).toBeFocused();
  await expect(readout).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(readout).toHaveAttribute('data-x', '3');
  await expect(readout).toContainText('iteration 3');
  // One line per curve of the chart, each with its value.
  const curves = await chart.locator('.plot-curve').count();
  expect(curves).toBeGreaterThanOrEqual(2);
  await expect(readout.locator('li')).toHaveCount(curves);
  await expect(readout.locator('li').first()).toHaveText(/: [−-]?\d/);
  // The hovered iteration is marked on every curve.
  await expect(chart.locator('.plot-curve circle[r="4"]')).toHaveCount(curves);
  await page.keyboard.press('ArrowLeft');
  await expect(readout).toHaveAttribute('data-x', '2');
  await page.keyboard.press('Home');
  await expect(readout).toHaveAttribute('data-x', '1');
  await page.keyboard.press('ArrowLeft'); // nothing before the first
  await expect(readout).toHaveAttribute('data-x', '1');
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveAttribute('data-x', '2');
  await chart.screenshot({ path: testInfo.outputPath('readout.png') });
  await expectNoSeriousViolations(page, 'chart readout', ['[data-testid=chart-scores]']);
  await page.keyboard.press('Escape');
  await expect(readout).toHaveCount(0);
  // The mouse: the right end of the plot is the last iteration; leaving the plot hides the readout.
  const path = await chart.locator('.plot-curve path').first().boundingBox();
  await page.mouse.move(path!.x + path!.width - 1, path!.y + path!.height / 2);
  await expect(readout).toHaveAttribute('data-x', '3');
  await page.mouse.move(path!.x + 1, path!.y + path!.height / 2);
  await expect(readout).toHaveAttribute('data-x', '1');
  await page.mouse.move(0, 0);
  await expect(readout).toHaveCount(0);
  expect(errors).toEqual([]);
});
