/**
 * When a costly view (the charts) draws a new value while the playground runs. Drawing nine charts
 * takes tens of milliseconds of the main thread, and on "fast" a new iteration arrives two or three
 * times a second: drawn every time, the charts held up clicks behind them and nobody could read them
 * anyway (issue #13's soak). So, while running: at most once per `intervalMs`, and not at all while
 * off screen (the newest value is drawn when the view comes into view). When not running (a step, a
 * run opened, settings changed) every value is drawn at once.
 *
 * Returns 0 to draw now, a delay in ms to draw later, or null to hold the value (not drawn).
 */
export function refreshDelay(o: { now: number; shownAt: number; running: boolean; visible: boolean; intervalMs: number }): number | null {
  if (!o.running) return 0;
  if (!o.visible) return null;
  const wait = o.shownAt + o.intervalMs - o.now;
  return wait > 0 ? wait : 0;
}
