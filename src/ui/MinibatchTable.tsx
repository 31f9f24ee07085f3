import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { fmt, pct } from './format';
import { ScrollBox } from './ScrollBox';

/** Losses, clip fractions, approx-KL and gradient norms of every minibatch update, epoch by epoch. */
export function MinibatchTable() {
  const { t } = useTranslation();
  const lv = useRunStore((s) => s.learning);
  if (!lv) return null;
  // PPO-ptx: the SFT cross-entropy of each update next to the policy loss; no critic columns without a critic.
  const ptx = lv.minibatches.some((m) => Number.isFinite(m.ptxLoss));
  const critic = lv.minibatches.some((m) => Number.isFinite(m.valueLoss));
  return (
    <ScrollBox label={t('learning.minibatches')} testid="mb-scroll" focusable>
      <table className="minibatches" data-testid="minibatch-table">
        <caption>{t('learning.minibatches')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('learning.epoch')}</th>
            <th scope="col">mb</th>
            <th scope="col">{t('learning.policyLoss')}</th>
            {ptx && <th scope="col">{t('algos.mb.ptx')}</th>}
            {critic && <th scope="col">{t('learning.valueLoss')}</th>}
            <th scope="col">clipfrac</th>
            <th scope="col">approx-KL</th>
            <th scope="col">‖∇actor‖</th>
            {critic && <th scope="col">‖∇critic‖</th>}
          </tr>
        </thead>
        <tbody>
          {lv.minibatches.map((m, i) => (
            <tr key={i} data-testid="mb-row" data-epoch={m.epoch} data-minibatch={m.minibatch} data-policy-loss={m.policyLoss} data-value-loss={m.valueLoss} data-approxkl={m.approxkl} data-ptx-loss={m.ptxLoss}>
              <td>{m.epoch + 1}</td>
              <td>{m.minibatch + 1}</td>
              <td>{fmt(m.policyLoss, 4)}</td>
              {ptx && <td>{fmt(m.ptxLoss, 4)}</td>}
              {critic && <td>{fmt(m.valueLoss, 4)}</td>}
              <td>{pct(m.clipfrac)}</td>
              <td>{fmt(m.approxkl, 5)}</td>
              <td>{fmt(m.actorGradNorm)}</td>
              {critic && <td>{fmt(m.criticGradNorm)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
