import { afterAll, describe, expect, it } from 'vitest';
import { softmaxForward } from './kernels/softmax';
import { GpuDeviceLostError, GpuValidationError } from './errors';
import { nodeGpu } from './testing/node-gpu';

// The runtime itself: pooling, pipeline caching, profiling, error surfacing and device loss.
describe('GPU runtime', async () => {
  const rt = await nodeGpu();
  afterAll(() => rt?.destroy());

  it.skipIf(!rt)('reports the adapter and recycles buffers by (usage, size)', async () => {
    const r = rt!;
    expect(r.report.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(typeof r.report.isFallbackAdapter).toBe('boolean');
    const created = r.pool.stats.buffersCreated;
    const a = r.tensor(100);
    r.free(a);
    const b = r.tensor(90); // rounds to the same 512-byte class
    expect(b.buffer).toBe(a.buffer);
    expect(r.pool.stats.buffersCreated).toBe(created + 1);
    expect(() => r.free(b)).not.toThrow();
    expect(() => r.free(b)).toThrow(/released twice/);
  });

  it.skipIf(!rt)('compiles a pipeline once per (kernel, entry, constants) and profiles with timestamps', async () => {
    const r = rt!;
    const x = r.tensorFrom(new Float32Array([1, 2, 3, 4]));
    const y = r.tensor(4);
    const before = r.pipelines.compiled;
    for (let i = 0; i < 3; i++) await r.run('softmax', (rec) => softmaxForward(rec, y, x, 2, 2, 1));
    expect(r.pipelines.compiled - before).toBeLessThanOrEqual(1);
    if (r.enableProfiling()) {
      await r.run('softmax', (rec) => softmaxForward(rec, y, x, 2, 2, 1, true));
      const report = r.profiler!.report();
      expect(report.some((k) => k.label === 'softmax.main' && k.calls >= 1 && k.totalMs >= 0)).toBe(true);
      r.profiler = null;
    }
    r.free(x);
    r.free(y);
  });

  it.skipIf(!rt)('turns a WebGPU validation error into a thrown GpuValidationError', async () => {
    const r = rt!;
    const x = r.tensor(4);
    // A view whose bound range runs past the end of its buffer.
    const bad = { buffer: x.buffer, offset: 64, length: 1000 };
    await expect(r.run('bad', (rec) => softmaxForward(rec, bad, bad, 1, 10, 1))).rejects.toBeInstanceOf(GpuValidationError);
    r.free(x);
  });

  it('surfaces a lost device as a clear error on the next use', async () => {
    const lost = await nodeGpu({ subgroups: false });
    if (!lost) return;
    let notified: GpuDeviceLostError | null = null;
    lost.onLost((e) => (notified = e));
    lost.device.destroy(); // what a driver reset looks like from here
    await lost.device.lost;
    await new Promise((res) => setTimeout(res, 10));
    expect(notified).toBeInstanceOf(GpuDeviceLostError);
    expect(() => lost.tensor(4)).not.toThrow(); // allocation is local bookkeeping
    expect(() => lost.begin()).toThrow(/GPU device was lost.*switch to the CPU engine/);
  });
});
