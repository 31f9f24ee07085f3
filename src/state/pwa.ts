import { create } from 'zustand';
import { useRunStore } from './run-store';

/**
 * The offline app's service worker (issue #16; docs/hosting.md, scripts/vite-pwa.mjs). After one
 * visit everything the playground needs is cached. A new version is downloaded in the background
 * and then *waits*: the page says so, and it is taken only when the user asks and no run is
 * going (the run in progress keeps the files it started with; reloading resumes it from the
 * run library).
 */
export interface PwaState {
  /** The files are cached: the page works offline from now on. */
  offlineReady: boolean;
  /** A new version is installed and waiting. */
  updateWaiting: boolean;
  /** Takes the waiting version (reloads the page); null until one waits. */
  update: (() => void) | null;
}

export const usePwaStore = create<PwaState>(() => ({ offlineReady: false, updateWaiting: false, update: null }));

/** Registers the service worker (built app only; the dev server has none). */
export async function offlineAppStarted(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('./sw.js', { scope: './' });
  wb.addEventListener('waiting', () => {
    usePwaStore.setState({
      updateWaiting: true,
      update: () => {
        if (useRunStore.getState().running) return; // never in the middle of a run
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
      },
    });
  });
  wb.addEventListener('installed', (e) => {
    if (!e.isUpdate) usePwaStore.setState({ offlineReady: true });
  });
  try {
    await wb.register();
    if (navigator.serviceWorker.controller) usePwaStore.setState({ offlineReady: true });
  } catch {
    // No service worker (private window, blocked by policy): the page works online as before.
  }
}
