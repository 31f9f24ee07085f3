import { afterAll, describe, expect, it } from 'vitest';
import { Gpt } from '../model/gpt';
import { nodeGpu } from '../gpu/testing/node-gpu';
import { GpuBackend } from './gpu-backend';

// GpuBackend.release frees only the tensors floats/ints made: a view (a model's parameter, a
// minibatch slice) shares its tensor's buffer, and freeing it would hand a live buffer to the pool.
describe('GpuBackend.release', async () => {
  const rt = await nodeGpu();
  afterAll(() => rt?.destroy());

  it.skipIf(!rt)('refuses views (at offset 0 or not) and second releases; frees tensors', () => {
    const be = new GpuBackend(rt!);
    const t = be.floats(256, 'test.t');
    const inUse = rt!.pool.stats.bytesInUse;
    expect(() => be.release(be.view(t, 0, 64))).toThrow(/release: "test\.t" \[0, 64\) is a view into a tensor/);
    expect(() => be.release(be.view(t, 64, 64))).toThrow(/\[64, 128\) is a view/);
    expect(() => be.release(be.view(t, 0, 256))).toThrow(/is a view/); // the same window, still not the tensor
    expect(rt!.pool.stats.bytesInUse).toBe(inUse);
    be.release(t);
    expect(rt!.pool.stats.bytesInUse).toBe(inUse - 1024);
    expect(() => be.release(t)).toThrow(/or was released already/);
  });

  it.skipIf(!rt)('a parameter view of a live model cannot be released; the model releases its own tensors', async () => {
    const be = new GpuBackend(rt!);
    const before = rt!.pool.stats.bytesInUse;
    const m = new Gpt(be, { vocabSize: 8, maxSeqLen: 4, channels: 8, layers: 1, heads: 2 }, 'lm');
    await be.flush(); // the recorder's uniform buffers go back to the pool
    const held = rt!.pool.stats.bytesInUse;
    expect(held).toBeGreaterThan(before);
    expect(m.layout.get('wte').offset).toBe(0);
    expect(() => be.release(m.param('wte'))).toThrow(/is a view into a tensor/);
    expect(rt!.pool.stats.bytesInUse).toBe(held);
    m.release();
    expect(rt!.pool.stats.bytesInUse).toBe(before);
  });
});
