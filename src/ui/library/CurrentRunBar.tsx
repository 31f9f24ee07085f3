import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { runForked, runRenamed } from '../../state/library-actions';
import { useLibraryStore } from '../../state/library-store';
import { replayLinks } from '../../state/replay-actions';
import { useRunStore } from '../../state/run-store';
import { useViewStore } from '../../state/view-store';

/**
 * The run in the page: its name (editable), "fork here", and the two links — the replay link (the
 * same iterations, exactly) and the settings link (the same settings from iteration 0). A run that
 * cannot be replayed says why.
 */
export function CurrentRunBar() {
  const { t } = useTranslation();
  const current = useLibraryStore((s) => s.current);
  const replaying = useLibraryStore((s) => s.replay !== null);
  // What the buttons and the links depend on (the links read the stores themselves): not every phase's
  // tensors. While running, not every phase nor iteration either: encoding the replay link (deflate) at
  // each of them took a tenth of the main thread on "fast" (issue #13's click latency). The shown link
  // then says where the run was when it started; a copy reads the run as it is (copyNow).
  const r = useRunStore(useShallow((x) => ({
    phase: x.running ? 'running' : x.phase, status: x.status, busy: x.running ? null : x.busy, running: x.running,
    iteration: x.running ? -1 : x.iteration, rows: x.running ? -1 : x.history.length,
    scenario: x.scenario, preset: x.preset, engineChoice: x.engineChoice, config: x.config, pendingConfig: x.pendingConfig,
  })));
  useViewStore((s) => s.lang); // the links carry the language
  const [copied, setCopied] = useState<{ which: string; ok: boolean; text: string } | null>(null);
  const [forkError, setForkError] = useState<string | null>(null);
  if (!current) return null;
  const links = replayLinks();
  const atBoundary = r.phase === 'none' || r.phase === 'learned';
  const idle = r.status === 'ready' && r.busy === null && !r.running && !replaying;
  const reasons = links.reasons.map((x) => t(`runs.reason.${x}`)).join('; ');
  const copyNow = (which: 'replay' | 'settings') => {
    const now = r.running ? replayLinks() : links;
    const text = which === 'replay' ? now.replay : now.settings;
    if (text) copy(which, text);
  };
  const copy = (which: string, text: string) => {
    const done = (ok: boolean) => setCopied({ which, ok, text });
    if (!navigator.clipboard) return done(false);
    navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
  };
  const fork = async () => {
    setForkError(null);
    try {
      await runForked();
    } catch (e) {
      setForkError((e as Error).message);
    }
  };
  return (
    <div className="runs-current" data-testid="current-run" data-id={current.id}>
      <label className="runs-current-name">
        {t('runs.thisRun')}
        <input key={current.id + current.name} defaultValue={current.name} maxLength={120} aria-label={t('runs.renameLabel')} data-testid="current-run-name"
          onBlur={(e) => e.target.value.trim() && e.target.value !== current.name && void runRenamed(current.id, e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
      </label>
      <div className="runs-current-actions">
        <button type="button" onClick={() => void fork()} disabled={!idle || !atBoundary} title={atBoundary ? t('runs.forkHint', { n: r.iteration + 1 }) : t('runs.forkMid')} data-testid="fork-run">
          {t('runs.fork')}
        </button>
        <button type="button" onClick={() => copyNow('replay')} disabled={!links.replay} data-testid="copy-replay-link" data-link={links.replay ?? ''} data-upto={links.upTo}>
          {links.replay ? t('runs.copyReplay', { n: links.upTo }) : t('runs.replayNone')}
        </button>
        <button type="button" onClick={() => copyNow('settings')} data-testid="copy-link" data-link={links.settings}>{t('runs.copySettings')}</button>
      </div>
      {links.reasons.length > 0 && (
        <p className="muted small" data-testid="not-replayable">
          {links.upTo === 0 ? t('runs.notReplayableAtAll', { reasons }) : t('runs.notReplayable', { n: links.upTo, reasons })}
        </p>
      )}
      {forkError && <p className="field-error" role="alert" data-testid="fork-error">{t('runs.forkFailed', { reason: forkError })}</p>}
      {copied && (
        <p className="small" role="status" data-testid="copied">
          {copied.ok ? t('runs.copied') : <>{t('runs.copyFailed')} <input readOnly value={copied.text} aria-label={t(copied.which === 'replay' ? 'runs.copyReplay' : 'runs.copySettings', { n: links.upTo })} onFocus={(e) => e.target.select()} /></>}
        </p>
      )}
    </div>
  );
}
