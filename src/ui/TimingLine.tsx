import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { seconds } from './format';

/** Wall time of the last phases in this tab (request to reply, measured by the page). */
export function TimingLine() {
  const { t } = useTranslation();
  const timing = useRunStore((s) => s.timing);
  const engine = useRunStore((s) => s.session?.engine);
  if (!engine || (!timing.sample && !timing.learn)) return null;
  return (
    <p className="muted timing" data-testid="timing" data-iteration-ms={timing.iteration ?? ''} data-sample-ms={timing.sample} data-feedback-ms={timing.feedback} data-learn-ms={timing.learn}>
      {t('timing.line', { engine: engine.toUpperCase(), sample: seconds(timing.sample), feedback: seconds(timing.feedback), learn: seconds(timing.learn) })}
      {timing.iteration !== null && ` · ${t('timing.iteration', { total: seconds(timing.iteration) })}`}
    </p>
  );
}
