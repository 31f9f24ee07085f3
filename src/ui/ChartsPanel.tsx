import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { algoCharts } from './algos/algo-charts';
import { ExportBar } from './ExportBar';
import { statLabel } from './glossary/labels';
import { Term } from './glossary/Term';
import { useShownRuns } from './library/useShownRuns';
import { useLessonMarks } from './lessons/useLessonMarks';
import { StatChart, type AxisLabels, type ChartRun, type Series } from './StatChart';
import { useRefreshGate } from './useRefreshGate';

/** While running, the charts draw at most once per second (useRefreshGate: only when in view). */
const REFRESH_MS = 1000;

/** A legend entry with its glossary card (module scope: the same function every render, so the memoised charts keep still). */
const legendLabel = (series: Series, text: string) => <Term stat={series.key}>{text}</Term>;

/** Scenario diagnostics worth a chart of their own (Scenario.diagnostics). */
const SCENARIO_STATS = ['hack/bait_per_answer', 'objective/accuracy', 'objective/malformed'];

/** The run over iterations: friendly names first, TRL's statistic names second (conventions §3). */
export function ChartsPanel() {
  const { t } = useTranslation();
  const history = useRunStore((s) => s.history);
  const marks = useLessonMarks();
  // The current run alone, or the runs ticked in the run library overlaid (one colour per run, fork
  // markers; a lesson's compare step ticks its two runs).
  const shown = useShownRuns();
  // One run: only its history matters (the compare list can change without changing it).
  const overlaid = shown.length > 1 || !shown[0]?.isCurrent ? shown : null;
  const live: ChartRun[] = useMemo(
    () => (overlaid
      ? overlaid.map((r) => ({ id: r.id, name: r.label, history: r.history, forkAt: r.forkAt }))
      : [{ id: 'current', name: t('charts.currentRun'), history }]),
    [overlaid, history, t],
  );
  // What the charts draw: the runs and the lesson's marks together, gated while running (useRefreshGate).
  const ref = useRef<HTMLElement>(null);
  const drawn = useMemo(() => ({ runs: live, marks }), [live, marks]);
  const { runs, marks: shownMarks } = useRefreshGate(drawn, ref, REFRESH_MS);
  // The scenario's own numbers (reward-hacking bait, arithmetic accuracy), when its runs report them.
  const scenarioKeys = Object.keys(history[0] ?? {}).filter((k) => SCENARIO_STATS.includes(k)).join('\n');
  // The algorithms' own statistics (GRPO, RLOO, DPO, PTX) that any shown run reports.
  const algoKeys = [...new Set(runs.flatMap((r) => Object.keys(r.history.at(-1) ?? {})))].sort().join('\n');
  // Stable while the language and the scenario's statistics are: a new series list would make every chart redraw its curves.
  const charts: { id: string; series: Series[]; axes: AxisLabels }[] = useMemo(() => {
    // Zero means something on every one of these statistics (centred scores, KL, fractions, losses, explained variance): it stays on each axis.
    const s = (key: string, right?: boolean): Series => ({ key, label: statLabel(key, t), right, zero: true });
    const own = scenarioKeys ? scenarioKeys.split('\n') : [];
    return [
      { id: 'scores', series: [s('objective/scores'), s('objective/gold_score'), s('objective/rlhf_reward')], axes: { left: t('charts.axis.score') } },
      ...(own.length ? [{ id: 'scenario', series: own.map((k) => s(k)), axes: {} }] : []),
      { id: 'kl', series: [s('objective/kl'), s('objective/kl_coef', true)], axes: { left: t('charts.axis.kl'), right: 'β' } },
      { id: 'entropy', series: [s('objective/entropy'), s('policy/entropy_avg')], axes: { left: t('charts.axis.nats') } },
      { id: 'clipfrac', series: [s('policy/clipfrac_avg'), s('val/clipfrac_avg')], axes: { left: t('charts.axis.fraction') } },
      { id: 'approxkl', series: [s('policy/approxkl_avg')], axes: { left: t('charts.axis.nats') } },
      { id: 'losses', series: [s('loss/value_avg'), s('loss/policy_avg', true)], axes: { left: t('charts.axis.valueLoss'), right: t('charts.axis.policyLoss') } },
      { id: 'varexp', series: [s('val/var_explained')], axes: { left: t('charts.axis.varExplained') } },
      { id: 'length', series: [s('response/length_mean'), s('response/eos_rate', true)], axes: { left: t('charts.axis.tokens'), right: t('charts.axis.eosRate') } },
      ...algoCharts(t, new Set(algoKeys.split('\n'))),
    ];
  }, [t, scenarioKeys, algoKeys]);
  return (
    <section className="card" ref={ref} aria-label={t('charts.title')} data-testid="charts-panel" data-points={history.length}>
      <h2>{t('charts.title')}</h2>
      {history.length === 0 && <p className="muted">{t('charts.empty')}</p>}
      <div className="chart-grid">
        {charts.map((c) => <StatChart key={c.id} id={c.id} title={t(`charts.t.${c.id}`)} series={c.series} runs={runs} axes={c.axes} marks={shownMarks[c.id]} legendLabel={legendLabel} />)}
      </div>
      <ExportBar />
    </section>
  );
}
