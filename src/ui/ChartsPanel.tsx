import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { ExportBar } from './ExportBar';
import { useShownRuns } from './library/useShownRuns';
import { StatChart, type ChartRun, type Series } from './StatChart';

/** The run over iterations, under TRL's statistic names (conventions §3). */
export function ChartsPanel() {
  const { t } = useTranslation();
  const history = useRunStore((s) => s.history);
  // The current run alone, or the runs ticked in the run library overlaid (one colour per run, fork markers).
  const shown = useShownRuns();
  const several = shown.length > 1 || !shown[0]?.isCurrent;
  // One run: only its history matters (the compare list can change without changing it).
  const overlaid = several ? shown : null;
  const runs: ChartRun[] = useMemo(
    () => (overlaid ? overlaid.map((r) => ({ id: r.id, name: r.label, history: r.history, forkAt: r.forkAt })) : [{ id: 'current', name: t('charts.currentRun'), history }]),
    [overlaid, history, t],
  );
  // Stable while the language is: a new series list would make every chart redraw its curves.
  const charts: { id: string; series: Series[] }[] = useMemo(() => [
    { id: 'scores', series: [{ key: 'objective/scores', label: t('charts.s.scores') }, { key: 'objective/gold_score', label: t('charts.s.gold') }, { key: 'objective/rlhf_reward', label: t('charts.s.rlhf') }] },
    { id: 'kl', series: [{ key: 'objective/kl', label: 'objective/kl' }, { key: 'objective/kl_coef', label: 'β (kl_coef)', right: true }] },
    { id: 'entropy', series: [{ key: 'objective/entropy', label: 'objective/entropy' }, { key: 'policy/entropy_avg', label: 'policy/entropy_avg' }] },
    { id: 'clipfrac', series: [{ key: 'policy/clipfrac_avg', label: 'policy/clipfrac_avg' }, { key: 'val/clipfrac_avg', label: 'val/clipfrac_avg' }] },
    { id: 'approxkl', series: [{ key: 'policy/approxkl_avg', label: 'policy/approxkl_avg' }] },
    { id: 'losses', series: [{ key: 'loss/value_avg', label: 'loss/value_avg' }, { key: 'loss/policy_avg', label: 'loss/policy_avg', right: true }] },
    { id: 'varexp', series: [{ key: 'val/var_explained', label: 'val/var_explained' }] },
    { id: 'length', series: [{ key: 'response/length_mean', label: 'response/length_mean' }, { key: 'response/eos_rate', label: 'response/eos_rate', right: true }] },
  ], [t]);
  return (
    <section className="card" aria-label={t('charts.title')} data-testid="charts-panel" data-points={history.length}>
      <h2>{t('charts.title')}</h2>
      {history.length === 0 && <p className="muted">{t('charts.empty')}</p>}
      <div className="chart-grid">
        {charts.map((c) => <StatChart key={c.id} id={c.id} title={t(`charts.t.${c.id}`)} series={c.series} runs={runs} />)}
      </div>
      <ExportBar />
    </section>
  );
}
