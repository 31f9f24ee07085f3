import { driver, type Driver } from 'driver.js';
import 'driver.js/dist/driver.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useRunStore } from '../../state/run-store';
import './tour.css';

/** The tour's stops, in order, and where each one points. */
const STOPS: { id: string; element: string }[] = [
  { id: 'topbar', element: '.topbar' },
  { id: 'story', element: '[data-testid="story"]' },
  { id: 'lessons', element: '[data-tour="lessons"]' },
  { id: 'pipeline', element: '[data-testid="pipeline"]' },
  { id: 'panel', element: '[data-testid="sampling-panel"]' },
  { id: 'inspect', element: '[data-testid="inspect"]' },
  { id: 'charts', element: '[data-testid="charts-panel"]' },
  { id: 'help', element: '[data-testid="tour-button"]' },
];

const SEEN_KEY = 'rlhf-playground:tour-seen';

function seen(): boolean {
  try {
    return localStorage.getItem(SEEN_KEY) === '1';
  } catch {
    return true; // storage refused: never force the tour on every visit
  }
}

function remember(): void {
  try {
    localStorage.setItem(SEEN_KEY, '1');
  } catch {
    // private mode or storage refused: the tour simply may show again next time
  }
}

let active: Driver | null = null;

/** Starts the tour (the "?" button, or the first visit). Escape, the ✕ or a click outside skips it; it is remembered either way. */
export function tourStarted(t: TFunction): void {
  active?.destroy();
  remember();
  active = driver({
    showProgress: true,
    progressText: t('tour.progress', { current: '{{current}}', total: '{{total}}' }),
    nextBtnText: t('tour.next'), prevBtnText: t('tour.prev'), doneBtnText: t('tour.done'),
    popoverClass: 'rlhf-tour',
    // A part not on the page yet (Inspect appears with the first answers) gets its stop in the middle of the screen.
    steps: STOPS.map((s) => ({
      element: document.querySelector(s.element) ? s.element : undefined,
      popover: { title: t(`tour.steps.${s.id}.title`), description: t(`tour.steps.${s.id}.body`) },
    })),
    onDestroyed: () => { active = null; },
  });
  active.drive();
}

/**
 * The first visit starts the tour once the page is ready. Not in automated browsers
 * (navigator.webdriver): other tests drive the page and must not meet an overlay; the tour's own
 * tests switch the flag off to see what a first-time visitor sees.
 */
export function useFirstVisitTour(): void {
  const { t } = useTranslation();
  const ready = useRunStore((s) => s.status === 'ready');
  useEffect(() => {
    if (ready && !seen() && !navigator.webdriver) tourStarted(t);
  }, [ready, t]);
}

/** "?": the tour again. */
export function TourButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="tour-button" onClick={() => tourStarted(t)} aria-label={t('story.tourLabel')} title={t('story.tourLabel')} data-testid="tour-button">?</button>
  );
}
