import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { fmt, pct } from './format';
import { ScrollBox } from './ScrollBox';

/** Losses, clip fractions, approx-KL and gradient norms of every minibatch update, epoch by epoch. */
export function MinibatchTable() {
  const { t } = useTranslation();
  const lv = useRunStore((s) => s.learning);
  if (!lv) return null;
  return (
    <ScrollBox label={t('learning.minibatches')} testid="mb-scroll" focusable>
      <table className="minibatches" data-testid="minibatch-table">
        <caption>{t('learning.minibatches')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('learning.epoch')}</th>
            <th scope="col">mb</th>
            <th scope="col">{t('learning.policyLoss')}</th>
            <th scope="col">{t('learning.valueLoss')}</th>
            <th scope="col">clipfrac</th>
            <th scope="col">approx-KL</th>
            <th scope="col">‖∇actor‖</th>
            <th scope="col">‖∇critic‖</th>
          </tr>
        </thead>
        <tbody>
          {lv.minibatches.map((m, i) => (
            <tr key={i} data-testid="mb-row" data-epoch={m.epoch} data-minibatch={m.minibatch} data-policy-loss={m.policyLoss} data-value-loss={m.valueLoss} data-approxkl={m.approxkl}>
              <td>{m.epoch + 1}</td>
              <td>{m.minibatch + 1}</td>
              <td>{fmt(m.policyLoss, 4)}</td>
              <td>{fmt(m.valueLoss, 4)}</td>
              <td>{pct(m.clipfrac)}</td>
              <td>{fmt(m.approxkl, 5)}</td>
              <td>{fmt(m.actorGradNorm)}</td>
              <td>{fmt(m.criticGradNorm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
