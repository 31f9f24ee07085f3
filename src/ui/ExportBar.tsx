import { useTranslation } from 'react-i18next';
import { statsExported } from '../state/file-actions';
import { useRunStore } from '../state/run-store';
import { TrlExportButton } from './bridge/TrlExportButton';
import { downloadText } from './download';

/** Export the statistics (CSV, JSON with the links that reproduce the run); when the run was last saved. Links and files: the run library. */
export function ExportBar() {
  const { t } = useTranslation();
  const n = useRunStore((s) => s.history.length);
  const savedAt = useRunStore((s) => s.savedAt);
  const save = (kind: 'csv' | 'json') => {
    const e = statsExported(kind);
    downloadText(e.text, e.filename, e.type);
  };
  return (
    <div className="export-bar">
      <button type="button" onClick={() => save('csv')} disabled={n === 0} data-testid="export-csv">{t('export.csv')}</button>
      <button type="button" onClick={() => save('json')} disabled={n === 0} data-testid="export-json">{t('export.json')}</button>
      <TrlExportButton />
      <span className="muted" data-testid="saved-at" data-saved={savedAt ?? ''}>
        {savedAt ? t('export.saved', { time: new Date(savedAt).toLocaleTimeString() }) : t('export.notSaved')}
      </span>
    </div>
  );
}
