import { useTranslation } from 'react-i18next';
import { gpuRuntime, useGpuStore } from '../state/gpu-slice';
import { bytesText } from './library/bytes';

/**
 * The buffer pool's byte counters of this page's GPU device (engine/gpu/buffer-pool.ts): what the
 * engine holds on the GPU now, what it keeps free for reuse, and what it ever created. Read again
 * whenever the self-check publishes a result; the playground's engine worker answers the same
 * counters through the debug hook (`?debug=1`: `await __rlhf.gpuMemory()`).
 */
export function GpuMemory() {
  const { t } = useTranslation();
  // Subscribing to the self-check's results redraws this after each kernel check.
  useGpuStore((s) => s.selfCheck.results.length + (s.selfCheck.state === 'done' ? 0.5 : 0));
  const status = useGpuStore((s) => s.status);
  const rt = gpuRuntime();
  if (status !== 'ready' || !rt) return null;
  const s = rt.pool.stats;
  return (
    <section className="card" aria-labelledby="gpu-memory-title">
      <h2 id="gpu-memory-title">{t('gpuMemory.title')}</h2>
      <p data-testid="gpu-memory" data-in-use={s.bytesInUse} data-free={s.bytesFree} data-created={s.bytesCreated} data-buffers={s.buffersCreated}>
        {t('gpuMemory.counters', { inUse: bytesText(s.bytesInUse), free: bytesText(s.bytesFree), created: bytesText(s.bytesCreated), buffers: s.buffersCreated })}
      </p>
      <p>{t('gpuMemory.why')}</p>
    </section>
  );
}
