import { useTranslation } from 'react-i18next';
import { EOS, PAD } from '../../engine/data/tokenizer';
import { selectVocab, useRunStore } from '../../state/run-store';
import { useViewStore } from '../../state/view-store';
import { absMax, heat, PALETTES } from '../colors';
import { fmt, pct } from '../format';
import './algos.css';

/** How many groups are shown before "show all". */
const SHOWN_GROUPS = 4;

/**
 * GRPO / RLOO: the groups of the current iteration — each prompt's G answers with their rewards,
 * the group's mean and std, and the advantage each answer gets (docs/algorithms.md). A group whose
 * rewards are all equal is marked: it contributes no gradient.
 */
export function GroupPanel() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const group = useRunStore((s) => s.feedback?.group);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const vocab = useRunStore(selectVocab);
  const rows = useViewStore((s) => s.rows);
  const colourSafe = useViewStore((s) => s.colourSafe);
  if (!cfg || (cfg.algo !== 'grpo' && cfg.algo !== 'dr_grpo' && cfg.algo !== 'dapo' && cfg.algo !== 'rloo')) return null;
  if (!rollout || !group) {
    return (
      <section className="card" aria-label={t('algos.group.title', { G: cfg.num_generations })} data-testid="group-panel" data-state="empty">
        <h2>{t('algos.group.title', { G: cfg.num_generations })}</h2>
        <p className="muted">{t('algos.group.empty')}</p>
      </section>
    );
  }
  const { G } = group;
  const { S, P, tokens } = rollout;
  const groups = rollout.B / G;
  const shown = Math.min(groups, Math.max(SHOWN_GROUPS, Math.ceil(rows / G)));
  const pal = PALETTES[colourSafe ? 'safe' : 'default'];
  const words = (from: number, to: number) => Array.from(tokens.subarray(from, to)).filter((id) => id !== PAD).map((id) => (id === EOS ? '⏎' : vocab[id])).join(' ');
  const advScale = absMax(group.advantages);
  const scaled = cfg.algo === 'rloo' ? '' : cfg.scale_rewards === 'group' ? t('algos.group.scaledGroup') : cfg.scale_rewards === 'batch' ? t('algos.group.scaledBatch') : '';
  const baseline = cfg.algo === 'rloo' ? t('algos.group.baselineLoo', { others: G - 1 }) : t('algos.group.baselineMean', { scaled });
  const sampling = rollout.sampling;
  return (
    <section className="card" aria-label={t('algos.group.title', { G })} data-testid="group-panel" data-state="done" data-groups={groups}>
      <h2>{t('algos.group.title', { G })}</h2>
      <p className="muted">{t('algos.group.intro')} <strong>{baseline}</strong>.</p>
      <p data-testid="group-zero-std" data-value={group.fracZeroStd}>
        {t('algos.group.zeroStd', { pct: pct(group.fracZeroStd) })}
        {sampling && <> {t('algos.group.dropped', { dropped: sampling.droppedGroups, rounds: sampling.rounds })}</>}
        {sampling && sampling.filledWithEqual > 0 && <> {t('algos.group.filled', { max: cfg.max_num_gen_batches, n: sampling.filledWithEqual })}</>}
      </p>
      <div className="algos-groups">
        {Array.from({ length: shown }, (_, g) => {
          const first = g * G;
          const equal = group.std[g] === 0;
          return (
            <div key={g} className={`table-scroll algos-group ${equal ? 'equal' : ''}`} data-testid="group" data-g={g} data-mean={group.mean[g]} data-std={group.std[g]} data-equal={equal}>
              <table className="algos-table">
                <caption>
                  {t('algos.group.prompt', { n: g + 1 })}: <span className="algos-prompt">{words(first * S, first * S + P)}</span>
                  {' · '}{t('algos.group.mean')} {fmt(group.mean[g])} · {t('algos.group.std')} {fmt(group.std[g])}
                  {equal && <span className="algos-equal" data-testid="group-equal"> — {t('algos.group.equal')}</span>}
                </caption>
                <thead>
                  <tr><th scope="col">{t('algos.group.answer')}</th><th scope="col">{t('algos.group.reward')}</th><th scope="col">{t('algos.group.advantage')}</th></tr>
                </thead>
                <tbody>
                  {Array.from({ length: G }, (_, i) => {
                    const b = first + i;
                    return (
                      <tr key={i} data-testid="group-answer" data-b={b} data-reward={group.rewards[b]} data-advantage={group.advantages[b]}>
                        <th scope="row" className="algos-answer">{words(b * S + P, (b + 1) * S)}</th>
                        <td>{fmt(group.rewards[b])}</td>
                        <td style={{ background: heat(group.advantages[b], advScale, pal) }}>{fmt(group.advantages[b])}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        })}
      </div>
      {shown < groups && <p className="muted">{t('algos.group.showing', { n: shown, total: groups })}</p>}
    </section>
  );
}
