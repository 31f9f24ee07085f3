import { useEffect, useState, type RefObject } from 'react';
import { useRunStore } from '../state/run-store';
import { refreshDelay } from './refresh-gate';

/** Whether the element is on screen (or near it); true until the browser says otherwise. */
export function useInView(ref: RefObject<Element | null>, margin = '200px'): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)), { rootMargin: margin });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, margin]);
  return inView;
}

/**
 * `value` as a costly view should draw it (refresh-gate.ts): at once when not running; while
 * running, at most once per `intervalMs` and only while `ref`'s element is in view.
 */
export function useRefreshGate<T>(value: T, ref: RefObject<Element | null>, intervalMs: number): T {
  const running = useRunStore((s) => s.running);
  const visible = useInView(ref);
  const [shown, setShown] = useState({ value, at: 0 });
  const now = performance.now();
  const delay = shown.value === value ? null : refreshDelay({ now, shownAt: shown.at, running, visible, intervalMs });
  // Drawn now: set during render (React's way to follow a prop), so a step shows in the same commit.
  if (delay === 0) setShown({ value, at: now });
  useEffect(() => {
    if (delay === null || delay === 0) return;
    const id = setTimeout(() => setShown({ value, at: performance.now() }), delay);
    return () => clearTimeout(id);
  }, [value, delay]);
  return delay === 0 ? value : shown.value;
}
