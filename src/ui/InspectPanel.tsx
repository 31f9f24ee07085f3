import { useTranslation } from 'react-i18next';
import { klEstimate } from '../state/kl';
import { selectVocab, useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { CLIP_MARK, fmt, term } from './format';
import { Term } from './glossary/Term';
import { TENSOR_TERMS } from './glossary/terms';

/** Every tensor's value at the inspected token (b, t): hover, focus (arrow keys) or tap any token cell in the panels. */
export function InspectPanel() {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const fb = useRunStore((s) => s.feedback);
  const lv = useRunStore((s) => s.learning);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const vocab = useRunStore(selectVocab);
  const cell = useViewStore((s) => s.inspected ?? s.focused);
  if (!rollout) return null;
  const { T, S, P } = rollout;
  const b = Math.min(cell.b, rollout.B - 1), tt = Math.min(cell.t, T - 1);
  const i = b * T + tt;
  const rowsOf: [string, string, number][] = [['mask', 'mask', rollout.mask[i]]];
  if (fb) {
    const d = fb.logprobs[i] - fb.refLogprobs[i];
    rowsOf.push(
      ['logprob', 'log π_θ', fb.logprobs[i]], ['ref', 'log π_ref', fb.refLogprobs[i]],
      ['k1', 'KL k1', klEstimate(d, 'k1')], ['k2', 'KL k2', klEstimate(d, 'k2')], ['k3', 'KL k3', klEstimate(d, 'k3')],
      ['kl', t('inspect.klUsed', { k: fb.estimator }), fb.kl[i]], ['entropy', t('inspect.entropy'), fb.entropy[i]],
      ['reward', t('inspect.reward'), fb.rewards[i]], ['value', 'V', fb.values[i]],
      ['score', t('inspect.score'), fb.scores[b]], ['gold', t('inspect.gold'), fb.gold[b]],
    );
  }
  if (lv) {
    rowsOf.push(['delta', 'δ', lv.deltas[i]], ['adv', 'A', lv.advantages[i]], ['advWhite', 'Â', lv.advantagesWhite[i]], ['ret', 'R', lv.returns[i]], ['ratio', t('inspect.ratio'), lv.ratio[i]], ['clipped', t('inspect.clipped'), lv.clipped[i]]);
  }
  const word = vocab[rollout.tokens[b * S + P + tt]];
  // On the last real token the reward is the KL penalty plus the clipped score: written out (keyboard and touch users get no tooltip).
  const landing = fb && cfg && rollout.mask[i] > 0 && tt === rollout.lastT[b];
  const used = fb && cfg ? (rollout.hasEos[b] ? Math.max(-cfg.rewardClip, Math.min(cfg.rewardClip, fb.scores[b])) : cfg.missingEosPenalty) : 0;
  return (
    <aside className="card inspect" aria-label={t('inspect.title')} data-testid="inspect" data-b={b} data-t={tt}>
      <h2>{t('inspect.title')}</h2>
      <p className="muted">{t('inspect.hint')}</p>
      <p><strong>b = {b}, t = {tt}</strong> · «{word}»</p>
      <table>
        <tbody>
          {rowsOf.map(([key, label, v]) => (
            <tr key={key} data-testid={`inspect-${key}`} data-value={v}>
              <th scope="row"><Term id={TENSOR_TERMS[key]}>{label}</Term></th>
              <td>{key === 'clipped' ? (v ? `${CLIP_MARK} ${t('inspect.yes')}` : t('inspect.no')) : fmt(v, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {landing && fb && (
        <p className="formula" data-testid="inspect-reward-sum">
          ★ {t('feedback.landingTitle', { beta: fmt(fb.klCoef, 4), kl: term(fb.kl[i], 4), score: term(used), reward: fmt(fb.rewards[i]) })}
        </p>
      )}
    </aside>
  );
}
