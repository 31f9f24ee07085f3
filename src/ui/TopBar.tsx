import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { SCENARIOS } from '../engine/data/scenarios';
import { engineChosen, resetRequested, runSettingsChosen, urlSynced } from '../state/engine-actions';
import { actStopped, selectLessonRunning } from '../state/lesson-actions';
import { useLessonStore } from '../state/lesson-store';
import { iterationStepped, phaseStepped, runToggled, speedChosen } from '../state/run-actions';
import { selectCanStep, selectNextPhase, selectShownBusy, useRunStore, type Speed } from '../state/run-store';
import type { EngineChoice } from '../state/url';
import { paletteToggled, projectorToggled, useViewStore } from '../state/view-store';
import { languageChanged } from '../i18n';
import { AlgoSwitch } from './algos/AlgoSwitch';
import { BusyIndicator } from './BusyIndicator';
import { PresetPicker } from './PresetPicker';
import { TourButton } from './story/Tour';

/** The iteration counter: its own component, so that a new iteration redraws it and not the whole bar (issue #13). */
function IterationCounter() {
  const { t } = useTranslation();
  const iteration = useRunStore((r) => r.iteration);
  return (
    <span className="iteration" data-testid="iteration" data-value={iteration}>
      {t('top.iteration', { n: iteration })}
    </span>
  );
}

/**
 * Scenario, model size, engine, seed and the classroom switches (folded away on phones), then the
 * step / run controls in a bar that stays at the top of the screen while the page scrolls.
 */
export function TopBar() {
  const { t } = useTranslation();
  // Field by field: the bar redraws when one of these changes, not for every phase's tensors.
  const s = useRunStore(useShallow((r) => ({
    busy: selectShownBusy(r), running: r.running, status: r.status, pendingConfig: r.pendingConfig, config: r.config, probe: r.probe, banner: r.banner,
    engineChoice: r.engineChoice, session: r.session, scenario: r.scenario, speed: r.speed,
  })));
  const canStep = useRunStore(selectCanStep);
  // A lesson step running iterations is a run too: Pause stops it (its own Stop button may be off screen).
  const lessonRunning = useLessonStore(selectLessonRunning);
  const running = s.running || lessonRunning;
  const next = useRunStore(selectNextPhase);
  const v = useViewStore(useShallow((x) => ({ lang: x.lang, projector: x.projector, colourSafe: x.colourSafe })));
  const [seedDraft, setSeedDraft] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const idle = s.busy === null && !s.running && s.status !== 'preparing' && s.status !== 'starting';
  const seedValue = seedDraft ?? String((s.pendingConfig ?? s.config).seed);
  const seedValid = /^\d+$/.test(seedValue) && Number(seedValue) <= 0xffffffff;
  const commitSeed = () => {
    if (seedDraft === null) return;
    if (seedValid && Number(seedDraft) !== s.config.seed) void runSettingsChosen({ seed: Number(seedDraft) });
    if (seedValid) setSeedDraft(null);
  };
  const gpuOk = s.probe?.available ?? false;
  // The badge says which engine runs and, for the CPU, why (no WebGPU, a software adapter, a failure, or the user's choice).
  const cpuReason = s.banner ? t(`banner.short.${s.banner.kind}`) : s.engineChoice === 'cpu' ? t('banner.short.chosen') : '';
  const k = s.session?.engine === 'cpu' ? s.session.cpuKernels : undefined;
  const kernels = k ? ` · ${t(`cpuKernels.${k.active}`)}${k.threads > 1 ? ` · ${t('cpuKernels.threads', { count: k.threads })}` : ''}` : '';
  const engineLabel = s.session ? (s.session.engine === 'gpu' ? `GPU · ${s.session.engineLabel}` : `CPU${cpuReason ? ` · ${cpuReason}` : ''}${kernels}`) : '…';
  return (
    <>
      <header className={`topbar ${open ? 'open' : ''}`}>
        <div className="topbar-head">
          <h1>RLHF Playground</h1>
          <span className={`badge engine-${s.session?.engine ?? 'none'}`} data-testid="engine-badge" data-engine={s.session?.engine ?? ''} data-cpu-kernels={k?.active ?? ''} data-cpu-threads={k?.threads ?? ''} title={k?.note ? `${engineLabel} — ${k.note}` : engineLabel}>
            {engineLabel}
          </span>
          {/* Phones: the settings fold away behind this button so the page starts with the run, not the form. */}
          <button type="button" className="topbar-toggle" aria-expanded={open} aria-controls="topbar-settings" onClick={() => setOpen(!open)} data-testid="topbar-toggle">
            {open ? t('layout.settingsHide') : t('layout.settingsShow')}
          </button>
        </div>
        <div className="topbar-settings" id="topbar-settings" data-testid="topbar-settings">
          <div className="controls" role="toolbar" aria-label={t('top.toolbar')}>
            <label>
              {t('top.scenario')}
              <select value={s.scenario} disabled={!idle} onChange={(e) => void runSettingsChosen({ scenario: e.target.value })} data-testid="scenario-select">
                {SCENARIOS.map((sc) => (
                  <option key={sc.id} value={sc.id}>{t(`scenario.${sc.id}.title`, { defaultValue: sc.title })}</option>
                ))}
              </select>
            </label>
            <PresetPicker disabled={!idle} />
            <AlgoSwitch />
            <label>
              {t('top.seed')}
              <input
                className={`seed ${seedValid ? '' : 'invalid'}`} inputMode="numeric" value={seedValue} disabled={!idle} aria-invalid={!seedValid}
                onChange={(e) => setSeedDraft(e.target.value)} onBlur={commitSeed} onKeyDown={(e) => e.key === 'Enter' && commitSeed()} data-testid="seed-input"
              />
            </label>
            <label>
              {t('top.engine')}
              <select value={s.engineChoice} disabled={!idle} onChange={(e) => void engineChosen(e.target.value as EngineChoice)} data-testid="engine-select">
                <option value="auto">{t('top.engineAuto')}</option>
                <option value="gpu" disabled={!gpuOk}>{t('top.engineGpu')}</option>
                <option value="cpu">{t('top.engineCpu')}</option>
              </select>
            </label>
          </div>
          <div className="controls prefs" role="toolbar" aria-label={t('top.display')}>
            <label>
              {t('top.language')}
              <select value={v.lang} onChange={(e) => { const lang = e.target.value as 'en' | 'zh'; useViewStore.setState({ lang }); languageChanged(lang); urlSynced(); }} data-testid="lang-select">
                <option value="en">English</option>
                <option value="zh">中文</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={v.projector} onChange={() => { projectorToggled(); urlSynced(); }} data-testid="projector-toggle" />
              {t('top.projector')}
            </label>
            <label className="check">
              <input type="checkbox" checked={v.colourSafe} onChange={() => { paletteToggled(); urlSynced(); }} data-testid="palette-toggle" />
              {t('top.colourSafe')}
            </label>
            <a href="?view=diagnostics" data-testid="diagnostics-link">{t('top.diagnostics')}</a>
            <TourButton />
          </div>
        </div>
      </header>
      {/* What a lesson needs while scrolling through the panels stays on screen: the step and run controls. */}
      <div className="runbar controls" role="toolbar" aria-label={t('top.runControls')} data-testid="runbar">
        <button type="button" onClick={lessonRunning ? actStopped : runToggled} disabled={!running && !canStep} aria-pressed={running} data-testid="btn-run" aria-keyshortcuts="r">
          {running ? t('top.pause') : t('top.run')}
        </button>
        <button type="button" className="primary" onClick={() => void phaseStepped()} disabled={!canStep} data-testid="btn-step-phase" data-next={next} aria-keyshortcuts="Space">
          {t('top.stepPhase', { phase: t(`phase.${next}`) })}
        </button>
        <button type="button" onClick={() => void iterationStepped()} disabled={!canStep} data-testid="btn-step-iteration">
          {t('top.stepIteration')}
        </button>
        <button type="button" onClick={() => void resetRequested()} disabled={!canStep} data-testid="btn-reset">
          {t('top.reset')}
        </button>
        <label>
          {t('top.speed')}
          <select value={s.speed} onChange={(e) => speedChosen(e.target.value as Speed)} data-testid="speed-select">
            {(['slow', 'normal', 'fast'] as const).map((sp) => <option key={sp} value={sp}>{t(`speed.${sp}`)}</option>)}
          </select>
        </label>
        <IterationCounter />
        <BusyIndicator />
      </div>
    </>
  );
}
