import { useTranslation } from 'react-i18next';
import { selectShownBusy, useRunStore } from '../state/run-store';

/** What the engine is doing right now; the page itself stays live (the engine runs in a worker). */
export function BusyIndicator() {
  const { t } = useTranslation();
  const busy = useRunStore(selectShownBusy);
  const running = useRunStore((s) => s.running);
  const state = busy ? 'busy' : running ? 'running' : 'idle';
  return (
    <span className={`busy busy-${state}`} role="status" aria-live="polite" data-testid="busy" data-state={state} data-task={busy ?? ''}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {busy ? t(`busy.${busy}`, { defaultValue: busy }) : running ? t('busy.running') : t('busy.idle')}
    </span>
  );
}
