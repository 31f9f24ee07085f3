import type { TFunction } from 'i18next';
import { statLabel } from '../glossary/labels';
import type { AxisLabels, Series } from '../StatChart';

/**
 * The charts of the algorithms' own statistics (TRL names), each shown only when a shown run reports
 * its first statistic: the language measure (every run; with PTX its loss), GRPO/RLOO's group
 * rewards and clipped tokens, DAPO's dynamic sampling, DPO's implicit rewards and accuracies.
 */
export function algoCharts(t: TFunction, present: ReadonlySet<string>): { id: string; series: Series[]; axes: AxisLabels }[] {
  const s = (key: string, right?: boolean): Series => ({ key, label: statLabel(key, t), right, zero: true });
  const all = [
    { id: 'language', series: [s('language/heldout_ce'), s('loss/ptx_avg')], axes: { left: t('charts.axis.nats') } },
    { id: 'groups', series: [s('reward'), s('reward_std'), s('frac_reward_zero_std', true)], axes: { left: t('charts.axis.score'), right: t('charts.axis.fraction') } },
    { id: 'clip', series: [s('clip_ratio/region_mean'), s('clip_ratio/low_mean'), s('clip_ratio/high_mean')], axes: { left: t('charts.axis.fraction') } },
    { id: 'sampling', series: [s('sampling/dropped_groups'), s('sampling/generation_batches', true)], axes: {} },
    { id: 'dpoRewards', series: [s('rewards/chosen'), s('rewards/rejected'), s('rewards/margins')], axes: { left: t('charts.axis.score') } },
    { id: 'dpoAcc', series: [s('rewards/accuracies'), s('eval_rewards/accuracies')], axes: { left: t('charts.axis.fraction') } },
  ];
  return all.filter((c) => present.has(c.series[0].key));
}
