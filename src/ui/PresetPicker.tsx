import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PresetName } from '../engine/model/config';
import { runSettingsChosen } from '../state/engine-actions';
import { presetCost } from '../state/preset-cost';
import { useRunStore } from '../state/run-store';
import { SHARED_PRESETS } from '../state/url';

/**
 * The model-size select. Choosing a larger model on a slow engine (the CPU engine, or the GPU
 * engine on a software adapter) first says what one PPO iteration will cost here and asks to
 * confirm; elsewhere the switch is immediate. The question takes the focus (on "keep", the choice
 * that changes nothing); Escape keeps the current size and gives the focus back to the select.
 */
export function PresetPicker({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const preset = useRunStore((s) => s.preset);
  const engineKind = useRunStore((s) => s.session?.engine);
  const [pending, setPending] = useState<PresetName | null>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) keepRef.current?.focus();
  }, [pending]);
  const keep = () => {
    setPending(null);
    selectRef.current?.focus();
  };
  const chosen = (p: PresetName) => {
    if (p === preset) return;
    const cost = presetCost(useRunStore.getState(), p);
    if (cost.slowEngine && cost.ratio > 1) setPending(p);
    else void runSettingsChosen({ preset: p });
  };
  const cost = pending ? presetCost(useRunStore.getState(), pending) : null;
  const engine = engineKind === 'gpu' ? t('presetCost.softwareGpu') : t('presetCost.cpu');
  return (
    <>
      <label>
        {t('top.preset')}
        <select ref={selectRef} value={pending ?? preset} disabled={disabled} onChange={(e) => chosen(e.target.value as PresetName)} data-testid="preset-select">
          {SHARED_PRESETS.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </label>
      {pending && cost && (
        <div className="preset-confirm" role="alertdialog" aria-labelledby="preset-cost-text" data-testid="preset-confirm" data-seconds={cost.seconds ?? ''} data-ratio={cost.ratio.toFixed(2)} onKeyDown={(e) => { if (e.key === 'Escape') keep(); }}>
          <span id="preset-cost-text">
            {cost.seconds === null
              ? t('presetCost.unmeasured', { preset: pending, ratio: cost.ratio.toFixed(1), current: preset, engine })
              : t('presetCost.estimate', { preset: pending, seconds: cost.seconds < 10 ? cost.seconds.toFixed(1) : cost.seconds.toFixed(0), ratio: cost.ratio.toFixed(1), current: preset, engine })}
          </span>
          <button type="button" onClick={() => { setPending(null); void runSettingsChosen({ preset: pending }); }} data-testid="preset-confirm-yes">
            {t('presetCost.switch', { preset: pending })}
          </button>
          <button type="button" ref={keepRef} onClick={keep} data-testid="preset-confirm-no">
            {t('presetCost.keep', { current: preset })}
          </button>
        </div>
      )}
    </>
  );
}
