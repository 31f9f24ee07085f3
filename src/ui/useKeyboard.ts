import { useEffect } from 'react';
import { actStopped, selectLessonRunning } from '../state/lesson-actions';
import { useLessonStore } from '../state/lesson-store';
import { phaseStepped, runToggled } from '../state/run-actions';

/**
 * Form fields keep their own keys: typing a value, Space on a checkbox, radio or select. Everywhere
 * else — a button, a link, a token cell just clicked or reached with the arrow keys — the
 * classroom keys apply (buttons still answer Enter).
 */
const FIELD = 'input, select, textarea, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="slider"], [role="spinbutton"]';

export const keepsItsKeys = (el: Element | null): boolean => Boolean(el?.closest?.(FIELD));

/** Classroom keys: space steps one phase, r runs / pauses (or stops a lesson step's run) — unless the focus is in a form field. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (keepsItsKeys(e.target as Element | null)) return;
      if (e.key === ' ') {
        // Also stops a focused button from being pressed by the same Space.
        e.preventDefault();
        void phaseStepped();
      } else if (e.key === 'r' || e.key === 'R') {
        if (selectLessonRunning(useLessonStore.getState())) actStopped(); // as the run bar's Pause does
        else runToggled();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
