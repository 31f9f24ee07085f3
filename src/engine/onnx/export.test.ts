/**
 * The exported graph, run by onnxruntime-web (wasm, Node), against the float64 plain-loop reference.
 * Tolerance: 1e-4 scaled (absolute below 1, relative above) on every output. ORT computes in
 * float32, so with O(1) activations and ≤ 4C-long dot products the expected error is ~1e-6; 1e-4
 * leaves room for reordered sums while a wrong op (head split, missing tanh, off-by-one position)
 * moves outputs by ~1e-1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { maxScaledDiff } from '../tensor/compare';
import { exportOnnx } from './export';
import { decodeModel } from './onnx-proto';
import { ortForward } from './ort-forward';
import { createOrtSession, int64Tensor, loadOrt, type OrtSession } from './ort-session';
import { dummyVocab, randomParams, randomTokens } from './random-params';
import { referenceForward } from './reference-forward';
import { OUTPUT_NAME, type OnnxHead, type OnnxModelConfig } from './spec';

const TOL = 1e-4;

const CONFIGS: Record<string, OnnxModelConfig> = {
  tiny: { vocabSize: 52, maxSeqLen: 32, channels: 48, layers: 2, heads: 4 },
  micro: { vocabSize: 13, maxSeqLen: 16, channels: 16, layers: 1, heads: 2 },
};
const HEADS: OnnxHead[] = ['lm', 'value', 'reward'];

const sessions: OrtSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

async function session(config: OnnxModelConfig, head: OnnxHead, seed: number) {
  const params = randomParams(config, head, seed);
  const s = await createOrtSession(exportOnnx({ config, head, params, vocab: dummyVocab(config.vocabSize) }));
  sessions.push(s);
  return { s, params };
}

/** Right padding: row b has `lens[b]` real tokens, then mask 0 (tokens after that are random). */
function paddedMask(B: number, S: number, lens: number[]): number[] {
  return Array.from({ length: B * S }, (_, i) => (i % S < lens[Math.floor(i / S)] ? 1 : 0));
}

async function run(s: OrtSession, head: OnnxHead, ids: Int32Array, mask: number[], B: number, S: number) {
  const out = await s.run({ input_ids: int64Tensor(ids, [B, S]), attention_mask: int64Tensor(mask, [B, S]) });
  return out[OUTPUT_NAME[head]];
}

describe.each(Object.entries(CONFIGS))('ONNX export vs float64 reference, %s config', (_name, config) => {
  it.each(HEADS)('%s head matches for several batch shapes on one session (dynamic B, S)', async (head) => {
    const { s, params } = await session(config, head, 7);
    // S = 1 and S = maxS are the edges of the position table and of the causal-mask slice.
    const shapes: [number, number, number[]][] = [
      [3, 9, [9, 4, 1]],
      [1, 1, [1]],
      [2, config.maxSeqLen, [config.maxSeqLen, 5]],
    ];
    for (const [B, S, lens] of shapes) {
      const ids = randomTokens(config.vocabSize, B, S, 100 + S);
      const mask = paddedMask(B, S, lens);
      const out = await run(s, head, ids, mask, B, S);
      const ref = referenceForward({ config, head, params, inputIds: ids, B, S, attentionMask: mask });
      const want = head === 'lm' ? [B, S, config.vocabSize] : head === 'value' ? [B, S] : [B];
      expect(out.dims).toEqual(want);
      expect(maxScaledDiff(out.data as Float32Array, ref), `${head} B=${B} S=${S}`).toBeLessThan(TOL);
    }
  });
});

describe('ONNX export semantics (independent of the reference)', () => {
  const config = CONFIGS.micro;

  it('is causal: changing token j leaves logits before j unchanged and changes those from j on', async () => {
    const { s } = await session(config, 'lm', 21);
    const B = 1, S = 10, j = 6, V = config.vocabSize;
    const ids = randomTokens(V, B, S, 5);
    const ones = new Array(S).fill(1);
    const a = (await run(s, 'lm', ids, ones, B, S)).data as Float32Array;
    const ids2 = ids.slice();
    ids2[j] = (ids2[j] + 1) % V;
    const b = (await run(s, 'lm', ids2, ones, B, S)).data as Float32Array;
    expect(maxScaledDiff(a.subarray(0, j * V), b.subarray(0, j * V))).toBe(0);
    expect(maxScaledDiff(a.subarray(j * V), b.subarray(j * V))).toBeGreaterThan(1e-3);
  });

  it('reward score = value-head output at the last real position, whatever follows it', async () => {
    // Same parameters exported with both heads: the reward graph must pick values[b, last[b]].
    const params = randomParams(config, 'reward', 4);
    const reward = await createOrtSession(exportOnnx({ config, head: 'reward', params }));
    const value = await createOrtSession(exportOnnx({ config, head: 'value', params }));
    sessions.push(reward, value);
    const B = 4, S = 8, lens = [8, 3, 1, 5];
    const ids = randomTokens(config.vocabSize, B, S, 9);
    const mask = paddedMask(B, S, lens);
    const values = (await run(value, 'value', ids, mask, B, S)).data as Float32Array;
    const score = (await run(reward, 'reward', ids, mask, B, S)).data as Float32Array;
    for (let b = 0; b < B; b++) expect(score[b]).toBeCloseTo(values[b * S + lens[b] - 1], 6);
    // Garbage after the last real token changes nothing (right padding, causal attention).
    const ids2 = ids.slice();
    for (let i = 0; i < ids2.length; i++) if (mask[i] === 0) ids2[i] = (ids2[i] + 5) % config.vocabSize;
    const score2 = (await run(reward, 'reward', ids2, mask, B, S)).data as Float32Array;
    expect(maxScaledDiff(score2, score)).toBe(0);
  });

  it('ortForward (one call: export + run) matches the reference; defaults the mask to all ones', async () => {
    const params = randomParams(config, 'reward', 6);
    const ids = randomTokens(config.vocabSize, 2, 7, 1);
    const got = await ortForward({ config, head: 'reward', params, inputIds: ids, B: 2, S: 7 });
    expect(maxScaledDiff(got, referenceForward({ config, head: 'reward', params, inputIds: ids, B: 2, S: 7 }))).toBeLessThan(TOL);
  });

  it('refuses to change wasm settings once onnxruntime is initialised (it would silently ignore them)', async () => {
    await loadOrt();
    await expect(loadOrt({ numThreads: 2 })).rejects.toThrow(/already initialised/);
  });

  it('stores config, head and vocabulary in metadata and exports deterministically', () => {
    const params = randomParams(config, 'value', 2);
    const vocab = dummyVocab(config.vocabSize);
    const bytes = exportOnnx({ config, head: 'value', params, vocab });
    expect(exportOnnx({ config, head: 'value', params, vocab })).toEqual(bytes);
    const meta = new Map(decodeModel(bytes).metadata);
    expect(JSON.parse(meta.get('rlhf_playground.config')!)).toEqual(config);
    expect(meta.get('rlhf_playground.head')).toBe('value');
    expect(JSON.parse(meta.get('vocab')!)).toEqual(vocab);
    expect(new Map(decodeModel(exportOnnx({ config, head: 'value', params })).metadata).has('vocab')).toBe(false);
  });

  it('refuses inconsistent inputs with a message naming the problem', () => {
    const params = randomParams(config, 'lm', 1);
    expect(() => exportOnnx({ config, head: 'value', params })).toThrow(/head\.w is missing/);
    expect(() => exportOnnx({ config, head: 'lm', params, vocab: dummyVocab(5) })).toThrow(/vocab has 5 tokens but config.vocabSize is 13/);
    const bad = new Map(params);
    bad.set('h0.attn.qkv.w', { shape: [16, 48], data: new Float32Array(16 * 48) });
    expect(() => exportOnnx({ config, head: 'lm', params: bad })).toThrow(/h0\.attn\.qkv\.w has shape \[16,48\], expected \[48,16\]/);
    expect(() => exportOnnx({ config: { ...config, heads: 3 }, head: 'lm', params })).toThrow(/multiple of config.heads/);
  });
});
