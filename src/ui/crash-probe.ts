import { useSyncExternalStore } from 'react';

/**
 * debug=1 only (window.__rlhf.renderCrash): makes the page throw while drawing, so the tests and a
 * teacher can see what ErrorBoundary shows instead of a blank page. Stays armed until the reload.
 */
let armed = false;
const listeners = new Set<() => void>();

export function renderCrashRequested(): void {
  armed = true;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function CrashProbe(): null {
  if (useSyncExternalStore(subscribe, () => armed)) throw new Error('a drawing error on purpose (debug=1: __rlhf.renderCrash())');
  return null;
}
