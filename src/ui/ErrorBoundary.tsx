import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { savedRunsExported, startedAfresh } from '../state/recovery-actions';
import { downloadText } from './download';
import './recovery.css';

/**
 * Whatever throws while the page is drawn ends here instead of a blank page: a message, "start
 * afresh" (a reload with a fresh run; kept runs stay in the library) and "export what was saved"
 * (the current run and any damaged records as files). The engine and the stores live outside
 * React, so both still work when no panel can be drawn.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null; stack: string }> {
  override state = { error: null as Error | null, stack: '' };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('the page failed to draw', error);
    this.setState({ stack: `${(error as Error)?.stack ?? String(error)}\n${info.componentStack ?? ''}` });
  }

  override render() {
    const { error, stack } = this.state;
    return error ? <ErrorScreen message={error.message || error.name} stack={stack} /> : this.props.children;
  }
}

function ErrorScreen({ message, stack }: { message: string; stack: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<string | null>(null);
  const exportSaved = async () => {
    try {
      const files = await savedRunsExported();
      for (const f of files) downloadText(f.text, f.filename, 'application/json');
      setOutcome(files.length ? t('recovery.exported', { count: files.length, names: files.map((f) => f.filename).join(', ') }) : t('recovery.nothing'));
    } catch (e) {
      setOutcome(t('recovery.exportFailed', { reason: (e as Error).message }));
    }
  };
  return (
    <main className="recovery" data-testid="error-screen">
      <div role="alert">
        <h1 ref={(h) => h?.focus()} tabIndex={-1}>{t('recovery.title')}</h1>
        <p>{t('recovery.body', { message })}</p>
      </div>
      <div className="recovery-actions">
        <div>
          <button type="button" className="primary" onClick={startedAfresh}>{t('recovery.afresh')}</button>
          <p className="muted">{t('recovery.afreshHint')}</p>
        </div>
        <div>
          <button type="button" onClick={() => void exportSaved()}>{t('recovery.export')}</button>
          <p className="muted">{t('recovery.exportHint')}</p>
        </div>
      </div>
      {outcome && <p role="status" data-testid="recovery-outcome">{outcome}</p>}
      <details>
        <summary>{t('recovery.details')}</summary>
        <pre>{message}{'\n'}{stack}</pre>
      </details>
    </main>
  );
}
