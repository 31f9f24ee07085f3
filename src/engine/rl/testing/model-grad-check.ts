import { expect } from 'vitest';
import type { Gpt } from '../../model/gpt';
import { Rng } from '../../tensor/rng';

/**
 * Whole-model gradient check (CPU engine): `loss(withGrad)` runs the forward pass(es) and returns
 * the scalar loss; with withGrad it also accumulates d(loss)/d(params) into model.grads through the
 * model's backward pass(es). The analytic gradient, projected on a random direction per parameter
 * tensor, must match the central finite difference of the loss along that direction.
 */
export function checkModelGradients(model: Gpt<Float32Array, Int32Array>, loss: (withGrad: boolean) => number, eps = 1e-3, seed = 8): void {
  model.zeroGrad();
  loss(true);
  const g = model.grads.slice();
  const r = new Rng(seed);
  for (const e of model.layout.entries()) {
    const d = r.normalArray(e.length);
    let analytic = 0;
    for (let i = 0; i < e.length; i++) analytic += g[e.offset + i] * d[i];
    const base = model.params.slice(e.offset, e.offset + e.length);
    for (let i = 0; i < e.length; i++) model.params[e.offset + i] = base[i] + eps * d[i];
    const up = loss(false);
    for (let i = 0; i < e.length; i++) model.params[e.offset + i] = base[i] - eps * d[i];
    const down = loss(false);
    model.params.set(base, e.offset);
    const numeric = (up - down) / (2 * eps);
    expect(Math.abs(analytic - numeric), `${e.name}: analytic ${analytic} vs numeric ${numeric}`).toBeLessThan(0.02 * Math.abs(numeric) + 1e-4);
  }
}
