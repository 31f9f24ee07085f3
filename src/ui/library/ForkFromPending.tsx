import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runForked } from '../../state/library-actions';
import { useLibraryStore } from '../../state/library-store';
import { useRunStore } from '../../state/run-store';

/** Next to "changes apply from iteration n": the other choice — keep this run and try the change in a fork. */
export function ForkFromPending() {
  const { t } = useTranslation();
  const pending = useRunStore((s) => s.pendingConfig !== null);
  const atBoundary = useRunStore((s) => s.phase === 'none' || s.phase === 'learned');
  const engineIdle = useRunStore((s) => s.status === 'ready' && s.busy === null && !s.running);
  const replaying = useLibraryStore((s) => s.replay !== null);
  const idle = engineIdle && !replaying;
  const [error, setError] = useState<string | null>(null);
  if (!pending || !atBoundary) return null;
  return (
    <>
      {' '}
      <button type="button" className="link" disabled={!idle} data-testid="fork-pending"
        onClick={() => { setError(null); runForked().catch((e: Error) => setError(e.message)); }}>
        {t('runs.forkPending')}
      </button>
      {error && <span className="field-error" role="alert">{t('runs.forkFailed', { reason: error })}</span>}
    </>
  );
}
