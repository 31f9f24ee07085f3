import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { selectShownBusy, useRunStore, type Progress } from '../state/run-store';
import { fmt, pct } from './format';

/** Which work each placement reports: loading or preparing a run (top of the page), training the stages (their panel). */
const TASKS = { page: ['open'], stages: ['train-stages', 'retrain-reward'] } as const;

/** The losses reported so far by the stage in progress (a new stage, or step 1 again, starts a new list). */
function useLossesSoFar(p: Progress | null): number[] {
  const seen = useRef<{ stage: string; steps: number; losses: number[] }>({ stage: '', steps: 0, losses: [] });
  if (!p) return [];
  const s = seen.current;
  if (s.stage !== p.stage || p.step <= 1 || p.step < s.losses.length) seen.current = { stage: p.stage, steps: p.steps, losses: [] };
  const list = seen.current.losses;
  if (p.loss !== undefined && list.length < p.step) list.push(p.loss);
  return list;
}

/** A small line of the loss so far, drawn as it trains. */
function Sparkline({ values }: { values: number[] }) {
  if (values.length < 2) return null;
  const lo = Math.min(...values), hi = Math.max(...values), w = 120, h = 28;
  const pts = values.map((v, i) => `${((i / (values.length - 1)) * w).toFixed(1)},${(h - 2 - ((v - lo) / (hi - lo || 1)) * (h - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true" data-testid="progress-sparkline" data-points={values.length}>
      <polyline points={pts} fill="none" stroke="#0b5cad" strokeWidth="1.5" />
    </svg>
  );
}

/**
 * Progress of work that takes a while, with the engine's own step count and loss so far: loading or
 * training the models when a run opens (top of the page), and SFT / reward-model training started
 * from the stages panel (in that panel, where the button was pressed).
 */
export function ProgressBar({ placement }: { placement: keyof typeof TASKS }) {
  const { t } = useTranslation();
  const p = useRunStore((s) => s.progress);
  const busy = useRunStore(selectShownBusy);
  const losses = useLossesSoFar(p);
  if (!p || !(TASKS[placement] as readonly string[]).includes(busy ?? '')) return null;
  const label = t(`progress.${p.stage}`);
  return (
    <div className="progress" data-testid="progress" data-placement={placement} data-stage={p.stage} data-step={p.step} data-steps={p.steps}>
      <span className="progress-text" role="status">
        {label} — {t('progress.step', { step: p.step, steps: p.steps })}
        {p.loss !== undefined && ` · ${t('progress.loss')} ${fmt(p.loss)}`}
        {p.accuracy !== undefined && ` · ${t('progress.accuracy')} ${pct(p.accuracy)}`}
      </span>
      <progress max={p.steps} value={p.step} aria-label={label} />
      <Sparkline values={losses} />
    </div>
  );
}
