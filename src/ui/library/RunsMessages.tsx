import { useTranslation } from 'react-i18next';
import { quarantineExported, runExported, runOpenedFromLibrary } from '../../state/library-actions';
import { messageDismissed, useLibraryStore, type MessageAction, type RunsMessage } from '../../state/library-store';
import { downloadText } from '../download';

/** What the run library has to say: a run kept, a copy made for a second tab, storage full, a damaged record kept aside… */
export function RunsMessages() {
  const { t } = useTranslation();
  const messages = useLibraryStore((s) => s.messages);
  if (!messages.length) return null;
  const act = async (m: RunsMessage, a: MessageAction) => {
    if (a === 'open-run' && m.runId) await runOpenedFromLibrary(m.runId);
    if (a === 'export-current') {
      const id = useLibraryStore.getState().current?.id;
      const f = id ? await runExported(id) : null;
      if (f) downloadText(f.text, f.filename, 'application/json');
    }
    if (a === 'export-quarantine') {
      const f = await quarantineExported();
      if (f) downloadText(f.text, f.filename, 'application/json');
    }
    messageDismissed(m.id);
  };
  return (
    <div className="runs-messages" data-testid="runs-messages">
      {messages.map((m) => (
        <div key={m.id} className={`banner ${m.tone === 'warn' ? 'banner-warn' : 'banner-info'}`} role={m.tone === 'warn' ? 'alert' : 'status'} data-testid="runs-message" data-key={m.key}>
          {t(`runs.msg.${m.key}`, m.vars)}
          {(m.actions ?? []).map((a) => (
            <button key={a} type="button" className="link" onClick={() => void act(m, a)} data-testid={`runs-action-${a}`}>{t(`runs.action.${a}`)}</button>
          ))}
          <button type="button" className="link" onClick={() => messageDismissed(m.id)}>{t('runs.action.dismiss')}</button>
        </div>
      ))}
    </div>
  );
}
