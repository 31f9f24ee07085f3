import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { fmt, term } from './format';

/**
 * The GAE recursion written out with the engine's numbers for one token: while the scan runs, the
 * token under the cursor (moving from the longest answer's last real token to the first), afterwards
 * the hovered token.
 *   δ_t = r_t + γ·V_{t+1} − V_t,   A_t = δ_t + γλ·A_{t+1},   R_t = A_t + V_t
 */
export function GaeScan({ scanned, span }: { scanned: number; span: number }) {
  const { t } = useTranslation();
  const rollout = useRunStore((s) => s.rollout);
  const fb = useRunStore((s) => s.feedback);
  const lv = useRunStore((s) => s.learning);
  const cfg = useRunStore((s) => s.rolloutConfig);
  const inspected = useViewStore((s) => s.inspected);
  const focused = useViewStore((s) => s.focused);
  if (!rollout || !fb || !lv || !cfg) return null;
  const { T, mask } = rollout;
  const b = Math.min((inspected ?? focused).b, rollout.B - 1);
  const scanning = scanned < span;
  const tt = scanning ? Math.max(0, span - scanned - 1) : Math.min((inspected ?? focused).t, T - 1);
  const i = b * T + tt;
  const real = mask[i] > 0;
  const nextReal = tt + 1 < T && mask[i + 1] > 0;
  const vNext = nextReal ? fb.values[i + 1] : 0;
  const aNext = nextReal ? lv.advantages[i + 1] : 0;
  const gl = cfg.gamma * cfg.lambda;
  return (
    <div className="gae" data-testid="gae-scan" data-b={b} data-t={tt} data-scanning={scanning}>
      <p>
        <strong>{scanning ? t('learning.scanRunning', { t: tt }) : t('learning.scanAt', { b, t: tt })}</strong>{' '}
        {t('learning.scanHint')}
      </p>
      {real ? (
        <p className="formula">
          δ<sub>{tt}</sub> = r<sub>{tt}</sub> + γ·V<sub>{tt + 1}</sub> − V<sub>{tt}</sub> = {fmt(fb.rewards[i])} + {cfg.gamma}·{term(vNext)} − {term(fb.values[i])} ={' '}
          <b data-testid="gae-delta" data-value={lv.deltas[i]}>{fmt(lv.deltas[i])}</b>
          <br />
          A<sub>{tt}</sub> = δ<sub>{tt}</sub> + γλ·A<sub>{tt + 1}</sub> = {fmt(lv.deltas[i])} + {fmt(gl)}·{term(aNext)} ={' '}
          <b data-testid="gae-adv" data-value={lv.advantages[i]}>{fmt(lv.advantages[i])}</b>
          <br />
          R<sub>{tt}</sub> = A<sub>{tt}</sub> + V<sub>{tt}</sub> = <b data-value={lv.returns[i]}>{fmt(lv.returns[i])}</b>
          {!nextReal && <span className="muted"> — {t('learning.lastToken')}</span>}
        </p>
      ) : (
        <p className="formula muted">{t('learning.maskedToken')}</p>
      )}
    </div>
  );
}
