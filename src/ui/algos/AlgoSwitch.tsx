import './algos.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ALGOS, type Algo } from '../../engine/rl/algo-config';
import { algorithmChosen, classPairsFollowed } from '../../state/algo-actions';
import { selectActiveConfig, useRunStore } from '../../state/run-store';

/** The algorithm switch of the top bar: choosing one starts a fresh run with that algorithm (algo= in the link). */
export function AlgoSwitch() {
  const { t } = useTranslation();
  const algo = useRunStore((s) => selectActiveConfig(s).algo);
  const idle = useRunStore((s) => s.busy === null && !s.running && s.status === 'ready');
  useEffect(() => classPairsFollowed(), []);
  return (
    <label title={`${t(`algos.switch.about.${algo}`)} ${t('algos.switch.hint')}`}>
      {t('algos.switch.label')}
      <select value={algo} disabled={!idle} onChange={(e) => void algorithmChosen(e.target.value as Algo)} data-testid="algo-select" aria-describedby="algo-about">
        {ALGOS.map((a) => <option key={a} value={a}>{t(`algos.switch.names.${a}`)}</option>)}
      </select>
      <span id="algo-about" className="algos-sr-only">{t(`algos.switch.about.${algo}`)} {t('algos.switch.hint')}</span>
    </label>
  );
}
