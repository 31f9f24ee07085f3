import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { replayableUpTo, type RunMeta } from '../../state/library/record';
import { libraryRefreshed, quarantineExported, quarantineForgotten, runDeleted, runDuplicated, runExported, runOpenedFromLibrary, runRenamed, runsCompared, runWeightsDropped } from '../../state/library-actions';
import { useLibraryStore } from '../../state/library-store';
import { useRunStore } from '../../state/run-store';
import { downloadText } from '../download';
import { bytesText } from './bytes';
import { CurrentRunBar } from './CurrentRunBar';
import { FileImport } from './FileImport';
import './library.css';

/**
 * The run library (issue #12, item 2): every kept run with its name, settings, iterations and the
 * bytes it takes (statistics and answers; weights when kept). Open, rename, duplicate, export,
 * drop weights, delete; tick runs to compare them in the charts.
 */
export function RunsPanel() {
  const { t } = useTranslation();
  const runs = useLibraryStore((s) => s.runs);
  // The id alone: the current run's record changes at every save, its id does not.
  const currentId = useLibraryStore((s) => s.current?.id ?? null);
  const compared = useLibraryStore((s) => s.compared);
  const elsewhere = useLibraryStore((s) => s.elsewhere);
  const available = useLibraryStore((s) => s.available);
  const storage = useLibraryStore((s) => s.storage);
  const quarantined = useLibraryStore((s) => s.quarantined);
  const replaying = useLibraryStore((s) => s.replay !== null);
  const engineIdle = useRunStore((s) => s.status === 'ready' && s.busy === null && !s.running);
  const idle = engineIdle && !replaying;
  useEffect(() => {
    void libraryRefreshed();
  }, []);

  const shown = (id: string) => (compared.length ? compared.includes(id) : id === currentId);
  const toggle = (id: string) => {
    const now = compared.length ? compared : currentId ? [currentId] : [];
    const next = now.includes(id) ? now.filter((x) => x !== id) : [...now, id];
    void runsCompared(next.length === 1 && next[0] === currentId ? [] : next);
  };
  const exportRun = async (id: string) => {
    const f = await runExported(id);
    if (f) downloadText(f.text, f.filename, 'application/json');
  };
  const exportQuarantine = async () => {
    const f = await quarantineExported();
    if (f) downloadText(f.text, f.filename, 'application/json');
  };

  return (
    <section className="card runs-panel" aria-labelledby="runs-title" data-testid="runs-panel" data-count={runs.length}>
      <h2 id="runs-title">{t('runs.title')}</h2>
      <p className="muted">{t('runs.intro')}</p>
      <CurrentRunBar />
      {available === false && <p className="banner banner-warn" data-testid="runs-unavailable">{t('runs.unavailable')}</p>}
      {runs.length === 0 ? (
        <p className="muted" data-testid="runs-empty">{t('runs.empty')}</p>
      ) : (
        <div className="runs-table-wrap" role="region" aria-label={t('runs.tableLabel')} tabIndex={0}>
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">{t('runs.col.compare')}</th>
                <th scope="col">{t('runs.col.name')}</th>
                <th scope="col">{t('runs.col.iterations')}</th>
                <th scope="col">{t('runs.col.size')}</th>
                <th scope="col">{t('runs.col.saved')}</th>
                <th scope="col">{t('runs.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((m) => (
                <RunRow key={m.id} meta={m} isCurrent={m.id === currentId} isElsewhere={elsewhere.includes(m.id)} shown={shown(m.id)} idle={idle}
                  onToggle={() => toggle(m.id)} onExport={() => void exportRun(m.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="runs-foot">
        <FileImport />
        {storage && <span className="muted" data-testid="runs-storage">{t('runs.storage', { used: bytesText(storage.usage), quota: bytesText(storage.quota) })}</span>}
      </div>
      {quarantined > 0 && (
        <p className="runs-quarantine" data-testid="runs-quarantine">
          {t('runs.quarantine', { count: quarantined })}{' '}
          <button type="button" className="link" onClick={() => void exportQuarantine()} data-testid="export-quarantine">{t('runs.exportQuarantine')}</button>
          <button type="button" className="link" onClick={() => void quarantineForgotten()}>{t('runs.forgetQuarantine')}</button>
        </p>
      )}
    </section>
  );
}

function RunRow({ meta: m, isCurrent, isElsewhere, shown, idle, onToggle, onExport }: {
  meta: RunMeta; isCurrent: boolean; isElsewhere: boolean; shown: boolean; idle: boolean; onToggle: () => void; onExport: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const seed = m.changes[m.changes.length - 1].config.seed;
  const commit = () => {
    if (draft !== null && draft.trim()) void runRenamed(m.id, draft);
    setDraft(null);
  };
  const remove = () => {
    if (window.confirm(t('runs.confirmDelete', { name: m.name }))) void runDeleted(m.id);
  };
  const canDrop = m.hasWeights && !isCurrent && replayableUpTo(m) === m.iteration;
  return (
    <tr className={isCurrent ? 'current' : ''} data-testid="run-row" data-id={m.id} data-name={m.name} data-iterations={m.iteration} data-current={isCurrent} data-weights={m.hasWeights}>
      <td>
        <input type="checkbox" checked={shown} onChange={onToggle} aria-label={t('runs.compareLabel', { name: m.name })} data-testid="run-compare" />
      </td>
      <td className="run-name">
        {draft === null ? (
          <>
            <span className="name">{m.name}</span>
            <span className="muted small">{m.scenario} · {m.preset} · seed {seed}{isCurrent ? ` · ${t('runs.isOpen')}` : isElsewhere ? ` · ${t('runs.elsewhere')}` : ''}</span>
            {m.forkOf && <span className="muted small">{t('runs.forkedFrom', { name: m.forkOf.name, n: m.forkOf.at })}</span>}
          </>
        ) : (
          <input value={draft} maxLength={120} aria-label={t('runs.renameLabel')} autoFocus onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }} onBlur={commit} data-testid="run-rename-input" />
        )}
      </td>
      <td className="num" data-label={t('runs.col.iterations')}>{m.iteration}</td>
      <td className="small" data-label={t('runs.col.size')}>
        {t('runs.sizes', { stats: bytesText(m.bytes.history), samples: bytesText(m.bytes.samples) })}{' '}
        {m.hasWeights ? t('runs.weights', { weights: bytesText(m.bytes.weights) }) : <span className="muted">{t('runs.noWeights')}</span>}
      </td>
      <td className="small" data-label={t('runs.col.saved')}>{new Date(m.savedAt).toLocaleString()}</td>
      <td className="run-actions">
        <button type="button" onClick={() => void runOpenedFromLibrary(m.id)} disabled={!idle || isCurrent || isElsewhere} data-testid="run-open">{t('runs.open')}</button>
        <button type="button" onClick={() => setDraft(m.name)} data-testid="run-rename">{t('runs.rename')}</button>
        <button type="button" onClick={() => void runDuplicated(m.id)} data-testid="run-duplicate">{t('runs.duplicate')}</button>
        <button type="button" onClick={onExport} data-testid="run-export">{t('runs.export')}</button>
        {canDrop && <button type="button" onClick={() => void runWeightsDropped(m.id)} title={t('runs.dropWeightsHint')} data-testid="run-drop-weights">{t('runs.dropWeights')}</button>}
        <button type="button" onClick={remove} disabled={isCurrent} data-testid="run-delete">{t('runs.delete')}</button>
      </td>
    </tr>
  );
}
