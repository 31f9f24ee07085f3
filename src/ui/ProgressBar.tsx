import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { fmt, pct } from './format';

/** Training / loading progress of the stages before PPO (the engine's own step count and loss). */
export function ProgressBar() {
  const { t } = useTranslation();
  const p = useRunStore((s) => s.progress);
  if (!p) return null;
  const label = t(`progress.${p.stage}`);
  return (
    <div className="progress" data-testid="progress" data-stage={p.stage}>
      <label>
        {label} — {t('progress.step', { step: p.step, steps: p.steps })}
        {p.loss !== undefined && ` · ${t('progress.loss')} ${fmt(p.loss)}`}
        {p.accuracy !== undefined && ` · ${t('progress.accuracy')} ${pct(p.accuracy)}`}
        <progress max={p.steps} value={p.step} aria-label={label} />
      </label>
    </div>
  );
}
