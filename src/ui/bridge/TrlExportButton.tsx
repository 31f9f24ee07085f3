import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trlZipRequested } from '../../state/trl-export-actions';
import { useRunStore } from '../../state/run-store';
import { downloadBlob } from '../download';

/** "Export to TRL": a zip with train.py, a notebook, the data and a README to continue this run in TRL (docs/trl-export.md). */
export function TrlExportButton() {
  const { t } = useTranslation();
  const ready = useRunStore((s) => s.status === 'ready');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const exportZip = async () => {
    setState({ busy: true, error: null });
    try {
      const { blob, filename } = await trlZipRequested();
      downloadBlob(blob, filename);
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: (e as Error).message });
    }
  };
  return (
    <>
      <button type="button" onClick={() => void exportZip()} disabled={!ready || state.busy} title={t('bridge.trlHint')} data-testid="export-trl">
        {t('bridge.trl')}
      </button>
      {state.error && <span role="alert" data-testid="export-trl-error">{t('bridge.trlFailed', { reason: state.error })}</span>}
    </>
  );
}
