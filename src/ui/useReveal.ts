import { useEffect, useState } from 'react';
import { useRunStore, type Speed } from '../state/run-store';

const DURATION: Record<Speed, number> = { slow: 2400, normal: 800, fast: 0 };

/**
 * An animation counter for a freshly read-back tensor: goes from 0 to n over the speed's
 * duration each time `key` changes (a new rollout, a new learning view). The numbers shown are
 * the engine's; only how many of them are visible yet is animated.
 */
export function useReveal(key: unknown, n: number): number {
  const speed = useRunStore((s) => s.speed);
  const [state, setState] = useState<{ key: unknown; shown: number }>({ key, shown: n });
  const reduced = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  const duration = reduced ? 0 : DURATION[speed];
  // A new key starts the count again (set during render, the React way to reset state on a prop change).
  if (state.key !== key) setState({ key, shown: duration > 0 && key ? 0 : n });
  useEffect(() => {
    if (state.shown >= n || duration === 0) return;
    const id = setTimeout(() => setState((s) => ({ ...s, shown: Math.min(n, s.shown + 1) })), duration / Math.max(1, n));
    return () => clearTimeout(id);
  }, [state, n, duration]);
  return state.key === key ? state.shown : n;
}
