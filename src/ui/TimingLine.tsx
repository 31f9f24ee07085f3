import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { engineTotal, useTimingStore, type IterationTiming } from '../state/timing';
import { seconds } from './format';

const shown = (ms: number | null) => (ms === null ? '—' : seconds(ms)); // a phase this page did not run or measure

/**
 * How long one iteration takes here, from one iteration only (state/timing.ts): each phase's time
 * on the engine, and the time on the clock from sampling to the learning results on screen —
 * which also counts the page's own drawing and the animation pauses.
 */
export function TimingLine() {
  const { t } = useTranslation();
  const { last, current } = useTimingStore();
  const engine = useRunStore((s) => s.session?.engine);
  const x: IterationTiming | null = last ?? current;
  if (!engine || !x) return null;
  const total = engineTotal(x);
  const complete = x === last;
  const wall = complete ? x.wallMs : null;
  return (
    <p className="muted timing" data-testid="timing" data-iteration={x.iteration} data-complete={complete}
      data-sample-ms={x.engine.sample ?? ''} data-feedback-ms={x.engine.feedback ?? ''} data-learn-ms={x.engine.learn ?? ''}
      data-engine-ms={total} data-wall-ms={wall ?? ''} data-pauses-ms={x.pausesMs}>
      {t(complete ? 'timing.phases' : 'timing.phasesSoFar', {
        n: x.iteration, engine: engine.toUpperCase(), sample: shown(x.engine.sample), feedback: shown(x.engine.feedback), learn: shown(x.engine.learn), total: seconds(total),
      })}
      {complete && ' · '}
      {complete && (wall !== null
        ? t(x.pausesMs > 0 ? 'timing.wallWithPauses' : 'timing.wall', { wall: seconds(wall), page: seconds(Math.max(0, wall - total - x.pausesMs)), pauses: seconds(x.pausesMs) })
        : t('timing.noWall'))}
    </p>
  );
}
