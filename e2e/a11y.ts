import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The rules run: WCAG 2.0, 2.1 and 2.2, levels A and AA (contrast, names, roles, keyboard-reachable scroll regions…). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The accessibility scan every spec can call: axe-core's WCAG A/AA rules on the page as it is now
 * (or only inside `include`, CSS selectors — a whole page of token tables takes axe 10–30 s on a
 * busy 2-core machine, one panel a few seconds); fails listing each critical or serious violation
 * with the elements it found. The result is attached to the test report (a11y-<label>.json), so
 * the counts by rule can be read after any run. Call it once per state worth checking (a panel
 * shown, another language, projector mode).
 */
export async function expectNoSeriousViolations(page: Page, label: string, include: string[] = []): Promise<Record<string, number>> {
  let axe = new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ['violations'] });
  for (const selector of include) axe = axe.include(selector);
  const result = await axe.analyze();
  const byRule: Record<string, number> = {};
  for (const v of result.violations) byRule[`${v.id} (${v.impact})`] = v.nodes.length;
  await test.info().attach(`a11y-${label}.json`, { body: JSON.stringify({ label, url: page.url(), byRule, violations: result.violations }, null, 2), contentType: 'application/json' });
  const serious = result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  const report = serious.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}`).join('\n')}`).join('\n');
  expect(serious, `axe on "${label}":\n${report}`).toEqual([]);
  return byRule;
}
