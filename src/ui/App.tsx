import { lazy, Suspense } from 'react';
import { selectFastRun, useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { CrashProbe } from './crash-probe';
import { ErrorBoundary } from './ErrorBoundary';
import { Playground } from './Playground';
import { EmbedPlayground } from './bridge/EmbedPlayground';
import { useEmbedStore } from '../state/embed';

// The kernel self-check (every WGSL kernel and its CPU reference) is only needed on ?view=diagnostics.
const Diagnostics = lazy(() => import('./Diagnostics').then((m) => ({ default: m.Diagnostics })));

/**
 * The playground, or the diagnostics view (?view=diagnostics), inside the error boundary (a failure
 * while drawing shows a message and a way out, never a blank page). Projector mode, palette and a run
 * on "fast" (no arrival animations, styles.css) are classes on the root.
 */
export function App() {
  const view = useViewStore((s) => s.view);
  const projector = useViewStore((s) => s.projector);
  const colourSafe = useViewStore((s) => s.colourSafe);
  const embed = useEmbedStore((s) => s.embed);
  const fastRun = useRunStore(selectFastRun);
  return (
    <div className={`app ${projector ? 'projector' : ''} ${colourSafe ? 'palette-safe' : ''} ${fastRun ? 'fast-run' : ''}`}>
      <ErrorBoundary>
        <CrashProbe />
        {view === 'diagnostics' ? (
          <Suspense fallback={<p role="status">Loading the diagnostics…</p>}>
            <Diagnostics />
          </Suspense>
        ) : embed ? (
          <EmbedPlayground />
        ) : (
          <Playground />
        )}
      </ErrorBoundary>
    </div>
  );
}
