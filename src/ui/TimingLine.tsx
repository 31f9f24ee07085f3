import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { seconds } from './format';

const shown = (ms: number) => (ms > 0 ? seconds(ms) : '—'); // a phase not run yet in this session

/** Wall time of the last phases in this tab (request to reply, measured by the page). */
export function TimingLine() {
  const { t } = useTranslation();
  const timing = useRunStore((s) => s.timing);
  const engine = useRunStore((s) => s.session?.engine);
  if (!engine || (!timing.sample && !timing.learn)) return null;
  return (
    <p className="muted timing" data-testid="timing" data-iteration-ms={timing.iteration ?? ''} data-sample-ms={timing.sample} data-feedback-ms={timing.feedback} data-learn-ms={timing.learn}>
      {t('timing.line', { engine: engine.toUpperCase(), sample: shown(timing.sample), feedback: shown(timing.feedback), learn: shown(timing.learn) })}
      {timing.iteration !== null && ` · ${t('timing.iteration', { total: seconds(timing.iteration) })}`}
    </p>
  );
}
