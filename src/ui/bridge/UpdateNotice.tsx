import { useTranslation } from 'react-i18next';
import { usePwaStore } from '../../state/pwa';
import { useRunStore } from '../../state/run-store';

/**
 * The offline app's status: "works offline" once cached, and a new version waiting — taken only on
 * request and never while a run is going (src/state/pwa.ts).
 */
export function UpdateNotice() {
  const { t } = useTranslation();
  const { offlineReady, updateWaiting, update } = usePwaStore();
  const running = useRunStore((s) => s.running);
  if (updateWaiting && update) {
    return (
      <p className="banner" role="status" data-testid="update-waiting">
        {t('bridge.updateWaiting')}{' '}
        <button type="button" onClick={update} disabled={running} data-testid="update-now">{running ? t('bridge.updateAfterRun') : t('bridge.updateNow')}</button>
      </p>
    );
  }
  return offlineReady ? <span className="sr-only" role="status" data-testid="offline-ready">{t('bridge.offlineReady')}</span> : null;
}
