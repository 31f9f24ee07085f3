/**
 * The CPU engine's forward equals the exported ONNX graph run by onnxruntime-web (wasm, Node) for
 * every preset (micro, tiny, small) and head (lm = actor/reference, value = critic, reward = reward
 * model): seeded random weights (std 1/√C, LayerNorm gains 1 ± 0.2, biases ≠ 0), B = 3 rows of
 * S = maxS − 1 tokens, rows 1 and 2 right-padded (the reward head reads each row's last real token).
 *
 * Tolerance: 1e-4 scaled (|Δ| / max(1, |ORT|)) on every output element. Both sides compute in
 * float32 (the engine accumulates dot products in float64), so the expected difference is ~1e-6
 * (printed per case); a wrong op moves outputs by ~1e-1. The float64 plain-loop reference is run too
 * so that a failure says which side drifted.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import type { PresetName } from '../model/config';
import { crossCase, diffSummary, engineOutput, ortOutput } from './cross-check';
import { referenceForward } from './reference-forward';
import type { OnnxHead } from './spec';

const TOL = 1e-4;
const PRESETS: PresetName[] = ['micro', 'tiny', 'small'];
const HEADS: OnnxHead[] = ['lm', 'value', 'reward'];

describe.each(PRESETS)('CPU engine = onnxruntime (wasm) on the exported graph, %s preset', (preset) => {
  it.each(HEADS)('%s head', async (head) => {
    const c = crossCase(preset, head, { seed: 11 });
    const engine = await engineOutput(new CpuBackend(), c);
    const ort = await ortOutput(c);
    const ref = referenceForward({ config: c.config, head, params: c.params, inputIds: c.tokens, B: c.B, S: c.S, attentionMask: c.mask });
    expect(engine.length).toBe(ort.length);
    const vsOrt = diffSummary(engine, ort), engineVsRef = diffSummary(engine, ref), ortVsRef = diffSummary(ort, ref);
    console.log(`[onnx cross-check] cpu ${preset}/${head} B=${c.B} S=${c.S}: engine−ORT scaled ${vsOrt.scaled.toExponential(2)} (abs ${vsOrt.abs.toExponential(2)}), engine−f64 ${engineVsRef.scaled.toExponential(2)}, ORT−f64 ${ortVsRef.scaled.toExponential(2)}`);
    expect(vsOrt.scaled, `engine vs ORT at element ${vsOrt.at}`).toBeLessThan(TOL);
    expect(engineVsRef.scaled).toBeLessThan(TOL);
    expect(ortVsRef.scaled).toBeLessThan(TOL);
    // Not vacuous: the outputs vary, and padding changed the reward rows (score ≠ value at S−1).
    const spread = Math.max(...engine) - Math.min(...engine);
    expect(spread).toBeGreaterThan(0.5);
  });
});

describe('the cross-check would catch a mismatch', () => {
  it('a perturbed LayerNorm gain in the exported graph moves ORT far outside the tolerance', async () => {
    const c = crossCase('micro', 'lm', { seed: 11 });
    const engine = await engineOutput(new CpuBackend(), c);
    const bad = new Map(c.params);
    const g = bad.get('h0.ln2.w')!;
    bad.set('h0.ln2.w', { shape: g.shape, data: g.data.map((x, i) => (i === 3 ? x + 0.1 : x)) });
    const ort = await ortOutput({ ...c, params: bad });
    expect(diffSummary(engine, ort).scaled).toBeGreaterThan(100 * TOL);
  });

  it('the reward head reads the last real token: scoring position S−1 instead would differ', async () => {
    const c = crossCase('micro', 'reward', { seed: 11 });
    const ort = await ortOutput(c);
    const noMask = await ortOutput({ ...c, mask: new Int32Array(c.B * c.S).fill(1) });
    expect(Math.abs(ort[0] - noMask[0])).toBeLessThan(1e-6); // row 0 is full length
    expect(Math.abs(ort[1] - noMask[1])).toBeGreaterThan(1e-3); // row 1 is padded
  });
});
