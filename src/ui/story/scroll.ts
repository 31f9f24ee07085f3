import type { PanelId } from '../../lessons/types';

/** Where each part of the page is (the panels' test ids, which the panels own). */
const SELECTOR: Record<PanelId, string> = {
  story: '[data-testid="story"]', stages: '[data-testid="stages-panel"]', labeler: '[data-testid="labeler"]',
  sampling: '[data-testid="sampling-panel"]', feedback: '[data-testid="feedback-panel"]', learning: '[data-testid="learning-panel"]',
  inspect: '[data-testid="inspect"]', charts: '[data-testid="charts-panel"]', hyperparams: '[data-testid="hyperparams"]', narration: '[data-testid="narration"]',
};

export const panelSelector = (id: PanelId): string => SELECTOR[id];

/**
 * Scrolls a panel into view and moves keyboard focus there (so the next Tab continues from it),
 * with a brief highlight to show which panel was meant.
 */
export function scrollToPanel(id: PanelId): void {
  const el = document.querySelector<HTMLElement>(SELECTOR[id]);
  if (!el) return;
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  el.classList.remove('panel-flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('panel-flash');
  window.setTimeout(() => el.classList.remove('panel-flash'), 1600);
}
