import { useTranslation } from 'react-i18next';
import { errorDismissed, noticesDismissed } from '../state/run-actions';
import { useRunStore } from '../state/run-store';

/** Problems with the link or a file (defaults were used), and the engine's last error (the run's stats are kept). A lost device has its own banner. */
export function NoticeList() {
  const { t } = useTranslation();
  const notices = useRunStore((s) => s.notices);
  const error = useRunStore((s) => s.error);
  return (
    <>
      {notices.length > 0 && (
        <div className="banner banner-warn" role="alert" data-testid="notices">
          <strong>{t('notice.title')}</strong>
          <ul>{notices.map((n, i) => <li key={i}>{n}</li>)}</ul>
          <button type="button" className="link" onClick={noticesDismissed}>{t('common.dismiss')}</button>
        </div>
      )}
      {error && error.kind !== 'device-lost' && (
        <div className="banner banner-error" role="alert" data-testid="engine-error" data-kind={error.kind}>
          <strong>{t(`error.${error.kind}`)}</strong> {error.message} <span>{t('error.statsKept')}</span>
          <button type="button" className="link" onClick={errorDismissed}>{t('common.dismiss')}</button>
        </div>
      )}
    </>
  );
}
