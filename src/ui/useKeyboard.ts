import { useEffect } from 'react';
import { phaseStepped, runToggled } from '../state/run-actions';

/** Classroom keys: space steps one phase, r runs / pauses. Typing in a field or pressing a focused button keeps its own meaning. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && el.closest('input, select, textarea, button, a, summary, [contenteditable="true"]')) return;
      if (e.key === ' ') {
        e.preventDefault();
        void phaseStepped();
      } else if (e.key === 'r' || e.key === 'R') {
        runToggled();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
