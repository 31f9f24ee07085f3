import { lazy, Suspense } from 'react';
import { useViewStore } from '../state/view-store';
import { Playground } from './Playground';

// The kernel self-check (every WGSL kernel and its CPU reference) is only needed on ?view=diagnostics.
const Diagnostics = lazy(() => import('./Diagnostics').then((m) => ({ default: m.Diagnostics })));

/** The playground, or the diagnostics view (?view=diagnostics). Projector mode and palette are classes on the root. */
export function App() {
  const view = useViewStore((s) => s.view);
  const projector = useViewStore((s) => s.projector);
  const colourSafe = useViewStore((s) => s.colourSafe);
  return (
    <div className={`app ${projector ? 'projector' : ''} ${colourSafe ? 'palette-safe' : ''}`}>
      {view === 'diagnostics' ? (
        <Suspense fallback={<p role="status">Loading the diagnostics…</p>}>
          <Diagnostics />
        </Suspense>
      ) : (
        <Playground />
      )}
    </div>
  );
}
