import { useViewStore } from '../state/view-store';
import { Diagnostics } from './Diagnostics';
import { Playground } from './Playground';

/** The playground, or the diagnostics view (?view=diagnostics). Projector mode and palette are classes on the root. */
export function App() {
  const view = useViewStore((s) => s.view);
  const projector = useViewStore((s) => s.projector);
  const colourSafe = useViewStore((s) => s.colourSafe);
  return <div className={`app ${projector ? 'projector' : ''} ${colourSafe ? 'palette-safe' : ''}`}>{view === 'diagnostics' ? <Diagnostics /> : <Playground />}</div>;
}
