import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../../state/library-store';
import { replayCancelled } from '../../state/replay-actions';

/** A replay in progress (a replay link, or a kept run without weights): how far it is, and Cancel. */
export function ReplayBar() {
  const { t } = useTranslation();
  const replay = useLibraryStore((s) => s.replay);
  if (!replay) return null;
  return (
    <div className="progress replay-bar" role="status" data-testid="replay" data-done={replay.done} data-total={replay.total} data-on={replay.on}>
      <label>
        {t('runs.replay.progress', { done: Math.min(replay.done + 1, replay.total), total: replay.total })}{' '}
        {t('runs.replay.on', { engine: replay.on === 'gpu' ? 'GPU' : `CPU · ${t(`cpuKernels.${replay.on}`)}` })}
        <progress max={replay.total} value={replay.done} aria-label={t('runs.replay.label')} />
      </label>
      <button type="button" onClick={replayCancelled} disabled={replay.cancelRequested} data-testid="replay-cancel">{t('runs.replay.cancel')}</button>
    </div>
  );
}
