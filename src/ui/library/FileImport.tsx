import { useTranslation } from 'react-i18next';
import { fileOpened } from '../../state/file-actions';

/** Open a file: a run exported from the library (it is added to the library) or a stats file (its settings open). */
export function FileImport() {
  const { t } = useTranslation();
  return (
    <label className="file">
      {t('export.open')}
      <input type="file" accept=".json,application/json" data-testid="import-file"
        onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then((text) => fileOpened(f.name, text)); e.target.value = ''; }} />
    </label>
  );
}
