import { describe, expect, it } from 'vitest';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { ModelConfig } from './config';
import { initParams, paramLayout } from './params';

const config: ModelConfig = { vocabSize: 13, maxSeqLen: 16, channels: 8, layers: 2, heads: 2 };

function sample() {
  const layout = paramLayout(config, 'value');
  const flat = new Float32Array(layout.size);
  initParams(flat, layout, config, 3);
  return { layout, flat };
}

describe('checkpoint format', () => {
  it('round-trips parameters, config, head and metadata exactly', () => {
    const { flat } = sample();
    const bytes = saveCheckpoint(config, 'value', flat, { step: 7, scenario: 'reviews' });
    const ck = loadCheckpoint(bytes, { head: 'value', vocabSize: 13 });
    expect(ck.config).toEqual(config);
    expect(ck.head).toBe('value');
    expect(ck.meta).toEqual({ step: 7, scenario: 'reviews' });
    expect(Array.from(ck.params)).toEqual(Array.from(flat));
  });

  it('refuses bad files with a message that says what is wrong', () => {
    const { flat } = sample();
    const good = saveCheckpoint(config, 'value', flat);
    const expectError = (bytes: Uint8Array, re: RegExp, expectOpts?: Parameters<typeof loadCheckpoint>[1]) => {
      let err: unknown;
      try {
        loadCheckpoint(bytes, expectOpts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CheckpointError);
      expect((err as Error).message).toMatch(re);
    };
    expectError(new Uint8Array(3), /too short/);
    expectError(new TextEncoder().encode('PK\u0003\u0004 this is a zip file....'), /RLHFCKPT/);
    expectError(good.slice(0, good.length - 8), /truncated/);
    const corrupt = good.slice();
    corrupt[corrupt.length - 3] ^= 0xff;
    expectError(corrupt, /checksum/);
    const badVersion = good.slice();
    new DataView(badVersion.buffer).setUint32(8, 99, true);
    expectError(badVersion, /version 99/);
    expectError(good, /"lm" model was expected/, { head: 'lm' });
    expectError(good, /vocabulary has 13 tokens, the scenario has 52/, { vocabSize: 52 });
    const badJson = good.slice();
    badJson[16] = 0x7b + 1; // '{' → '|'
    expectError(badJson, /not valid JSON/);
  });

  it('loads from a Node Buffer that is a view into a larger pool (non-zero byteOffset)', () => {
    const { flat } = sample();
    const bytes = saveCheckpoint(config, 'value', flat);
    const pool = Buffer.alloc(bytes.length + 123, 0x7f); // garbage around the file
    pool.set(bytes, 123);
    const view = pool.subarray(123);
    expect(view.byteOffset).toBeGreaterThan(0);
    expect(Array.from(loadCheckpoint(view).params)).toEqual(Array.from(flat));
  });

  it('rejects NaN weights', () => {
    const { flat, layout } = sample();
    flat[layout.get('wpe').offset + 1] = NaN;
    const bytes = saveCheckpoint(config, 'value', flat);
    expect(() => loadCheckpoint(bytes)).toThrow(/NaN/);
  });
});
