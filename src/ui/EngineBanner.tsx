import { useTranslation } from 'react-i18next';
import { engineChosen } from '../state/engine-actions';
import { useRunStore } from '../state/run-store';
import { engineTotal, useTimingStore } from '../state/timing';
import { seconds, sentence } from './format';

const TESTID = { 'no-webgpu': 'webgpu-unavailable', fallback: 'fallback-banner', 'slow-gpu': 'slow-gpu-banner', 'gpu-failed': 'gpu-failed-banner', 'device-lost': 'device-lost-banner' } as const;

/** Why the run is not on the GPU engine (no WebGPU, a software adapter, a GPU failure or a lost device), or why the GPU engine is slow here. */
export function EngineBanner() {
  const { t } = useTranslation();
  const banner = useRunStore((s) => s.banner);
  const busy = useRunStore((s) => s.busy !== null || s.running);
  const first = useTimingStore((s) => s.first);
  if (!banner) return null;
  const info = banner.kind === 'fallback' || banner.kind === 'slow-gpu';
  // The engine's reason is a sentence of its own; the title already says what failed.
  const detail = banner.kind === 'fallback' || banner.kind === 'slow-gpu' ? banner.text : sentence(banner.text);
  return (
    <div className={`banner ${info ? 'banner-info' : 'banner-warn'}`} role={info ? 'note' : 'alert'} data-testid={TESTID[banner.kind]}>
      <strong>{t(`banner.${banner.kind}.title`)}</strong> {t(`banner.${banner.kind}.body`, { detail })}
      {banner.continuedAt !== undefined && <> {t(banner.resumed ? 'runs.continuedOnCpu' : 'runs.movedToCpu', { n: banner.continuedAt })}</>}
      {banner.kind === 'slow-gpu' && (
        <span data-testid="slow-gpu-measured" data-ms={first ? first.wallMs ?? engineTotal(first) : ''}>
          {' '}{first
            ? t(first.wallMs !== null ? 'banner.slow-gpu.measured' : 'banner.slow-gpu.measuredEngine', { n: first.iteration, wall: seconds(first.wallMs ?? 0), engine: seconds(engineTotal(first)) })
            : t('banner.slow-gpu.notYet')}
        </span>
      )}
      {banner.kind === 'fallback' && (
        <button type="button" className="link" disabled={busy} onClick={() => void engineChosen('gpu')} data-testid="use-gpu">
          {t('banner.useGpu')}
        </button>
      )}
      {((banner.kind === 'device-lost' && banner.continuedAt === undefined) || banner.kind === 'slow-gpu') && (
        <button type="button" className="link" disabled={banner.kind === 'slow-gpu' && busy} onClick={() => void engineChosen('cpu')} data-testid="use-cpu">
          {t('banner.useCpu')}
        </button>
      )}
    </div>
  );
}
