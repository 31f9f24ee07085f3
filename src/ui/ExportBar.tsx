import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statsExported, statsFileOpened } from '../state/file-actions';
import { useRunStore } from '../state/run-store';
import { downloadText } from './download';

/** Export the statistics (CSV, JSON), copy the link that reproduces the run, open an exported file's settings. */
export function ExportBar() {
  const { t } = useTranslation();
  const n = useRunStore((s) => s.history.length);
  const savedAt = useRunStore((s) => s.savedAt);
  const [copied, setCopied] = useState(false);
  const save = (kind: 'csv' | 'json') => {
    const e = statsExported(kind);
    downloadText(e.text, e.filename, e.type);
  };
  return (
    <div className="export-bar">
      <button type="button" onClick={() => save('csv')} disabled={n === 0} data-testid="export-csv">{t('export.csv')}</button>
      <button type="button" onClick={() => save('json')} disabled={n === 0} data-testid="export-json">{t('export.json')}</button>
      <button type="button" data-testid="copy-link" onClick={() => void navigator.clipboard?.writeText(window.location.href).then(() => setCopied(true), () => setCopied(false))}>
        {copied ? t('export.copied') : t('export.link')}
      </button>
      <label className="file">
        {t('export.open')}
        <input type="file" accept=".json,application/json" data-testid="import-file"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then((text) => statsFileOpened(f.name, text)); e.target.value = ''; }} />
      </label>
      <span className="muted" data-testid="saved-at" data-saved={savedAt ?? ''}>
        {savedAt ? t('export.saved', { time: new Date(savedAt).toLocaleTimeString() }) : t('export.notSaved')}
      </span>
    </div>
  );
}
