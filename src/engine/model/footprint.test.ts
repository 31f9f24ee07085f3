import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { presetConfig } from './config';
import { assertFits, footprint } from './footprint';
import { Gpt } from './gpt';

describe('model footprint and adapter limits', () => {
  it('agrees with what the model allocates', () => {
    const c = presetConfig('micro', 13);
    const m = new Gpt(new CpuBackend(), c, 'lm');
    m.forward(new Int32Array(3 * 9), 3, 9);
    const f = footprint(c, 'lm', 3, 9);
    const mem = m.memory();
    expect(f.parameters).toBe(mem.parameters);
    expect(f.optimizer).toBe(mem.optimizer);
    expect(f.activations).toBe(mem.activations);
  });

  it('refuses a model that exceeds a limit, saying which and by how much', () => {
    const c = presetConfig('small', 52);
    const limits = { maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 2 * 2 ** 20 };
    // The MLP hidden activation (B·S, 4C) at B=512, S=64, C=128: 512·64·512·4 B = 64 MiB > 2 MiB.
    expect(() => assertFits(c, 'lm', 512, 64, limits)).toThrow(/tensor "h0\.fch" needs 64\.0 MiB, maxStorageBufferBindingSize is 2\.0 MiB \(62\.0 MiB over\)/);
    expect(() => assertFits(c, 'lm', 8, 64, { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 }, 2 ** 20)).toThrow(/memory budget is 1\.0 MiB/);
    expect(assertFits(presetConfig('tiny', 52), 'lm', 64, 16, { maxBufferSize: 2 ** 28, maxStorageBufferBindingSize: 2 ** 27 }).total).toBeGreaterThan(0);
  });
});
