import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { decodeReplay, encodeReplay, MAX_CODE_LENGTH, ReplayLinkError, type ReplaySpec } from './replay-link';
import { defaultsFor } from './url';

const spec = (over: Partial<ReplaySpec> = {}): ReplaySpec => ({
  scenario: 'reviews', preset: 'micro', iteration: 5, models: 'aa9e6370',
  changes: [
    { at: 0, engine: 'cpu', kernels: 'wasm', config: makePpoConfig({ ...defaultsFor('reviews'), seed: 7, batchSize: 16 }) },
    { at: 3, engine: 'cpu', kernels: 'wasm', config: makePpoConfig({ ...defaultsFor('reviews'), seed: 7, batchSize: 16, klCoef: 0 }) },
  ],
  ...over,
});

/** A code from an arbitrary payload (what a damaged or hand-made link could carry). */
const codeOf = (payload: unknown) => `z${Buffer.from(deflateSync(strToU8(JSON.stringify(payload)))).toString('base64url')}`;
const refused = (code: string) => {
  try {
    decodeReplay(code);
  } catch (e) {
    expect(e).toBeInstanceOf(ReplayLinkError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${code}`);
};

describe('replay link codec', () => {
  it('round-trips scenario, preset, N and every change (settings and engine, in force from their iteration)', () => {
    const s = spec();
    expect(decodeReplay(encodeReplay(s))).toEqual(s);
    const arithmetic: ReplaySpec = {
      scenario: 'arithmetic', preset: 'tiny', iteration: 40, models: null,
      changes: [
        { at: 0, engine: 'gpu', config: makePpoConfig({ ...defaultsFor('arithmetic'), seed: 0xffffffff }) },
        { at: 10, engine: 'cpu', kernels: 'ts', config: makePpoConfig({ ...defaultsFor('arithmetic'), seed: 0xffffffff }) },
        { at: 11, engine: 'cpu', kernels: 'wasm-exact', config: makePpoConfig({ ...defaultsFor('arithmetic'), seed: 0xffffffff }) },
        { at: 12, engine: 'cpu', kernels: 'wasm', config: makePpoConfig({ ...defaultsFor('arithmetic'), seed: 0xffffffff, adaptiveKl: true, klEstimator: 'k3', actorLr: 3.3e-4, lrSchedule: 'linear' }) },
      ],
    };
    expect(decodeReplay(encodeReplay(arithmetic))).toEqual(arithmetic);
  });

  it('pins the CPU engine\'s kernels (they round differently); a version-1 code replays on the TypeScript ops it was recorded on', () => {
    const on = (kernels: 'wasm' | 'ts') => encodeReplay(spec({ changes: spec().changes.map((c) => ({ ...c, kernels })) }));
    expect(on('wasm')).not.toBe(on('ts'));
    expect(decodeReplay(on('ts')).changes.map((c) => c.kernels)).toEqual(['ts', 'ts']);
    const v1 = decodeReplay(codeOf([1, 'reviews', 'micro', 5, [[0, 'c', { seed: 7 }], [2, 'g', {}]]]));
    expect(v1.changes.map((c) => [c.engine, c.kernels])).toEqual([['cpu', 'ts'], ['gpu', undefined]]);
    // Each version has its own engine codes.
    expect(refused(codeOf([2, 'reviews', 'micro', 5, [[0, 'c', { seed: 7 }]]]))).toMatch(/changes.*engine this version/);
    expect(refused(codeOf([1, 'reviews', 'micro', 5, [[0, 'w', { seed: 7 }]]]))).toMatch(/changes.*engine this version/);
  });

  it('carries the shipped models\' id (version 3); older codes did not record it', () => {
    expect(decodeReplay(encodeReplay(spec({ models: '0123abcd' }))).models).toBe('0123abcd');
    expect(decodeReplay(encodeReplay(spec({ models: undefined }))).models).toBeNull(); // written as null: none shipped
    expect(decodeReplay(codeOf([2, 'reviews', 'micro', 5, [[0, 'w', { seed: 7 }]]]))).not.toHaveProperty('models');
    expect(refused(codeOf([3, 'reviews', 'micro', 5, [[0, 'w', { seed: 7 }]]]))).toMatch(/wrong number of fields/);
    expect(refused(codeOf([2, 'reviews', 'micro', 5, [[0, 'w', { seed: 7 }]], 'aa9e6370']))).toMatch(/wrong number of fields/);
    expect(refused(codeOf([3, 'reviews', 'micro', 5, [[0, 'w', { seed: 7 }]], 'AA9E637']))).toMatch(/^the replay link cannot be used: models: not a models id/);
    expect(refused(codeOf([3, 'reviews', 'micro', 5, [[0, 'w', { seed: 7 }]], 7]))).toMatch(/models/);
  });

  it('stays short: only settings that differ are carried, changes after N are dropped', () => {
    const code = encodeReplay(spec());
    expect(code.length).toBeLessThan(120);
    const moreChanges = spec({ iteration: 3 });
    expect(decodeReplay(encodeReplay(moreChanges)).changes).toEqual([spec().changes[0]]);
    // Every setting changed at 20 iterations: still far below what browsers and chat apps accept.
    const changes = Array.from({ length: 20 }, (_, i) => ({ at: i, engine: 'cpu' as const, kernels: 'wasm' as const, config: makePpoConfig({ seed: i, klCoef: i / 100, temperature: 1 + i / 10, actorLr: (i + 1) * 1e-5, epochs: 1 + i }) }));
    const long = encodeReplay({ scenario: 'reviews', preset: 'tiny', iteration: 100, changes });
    expect(long.length).toBeLessThan(2000);
    expect(decodeReplay(long).changes).toEqual(changes);
  });

  it('refuses malformed codes with a reason', () => {
    expect(refused('')).toMatch(/characters/);
    expect(refused('x123')).toMatch(/characters/);
    expect(refused('zabc!')).toMatch(/characters/);
    expect(refused(encodeReplay(spec()).slice(0, 20))).toMatch(/damaged/);
    expect(refused('j' + Buffer.from('{"a":1').toString('base64url'))).toMatch(/damaged/);
    expect(refused('z' + 'A'.repeat(MAX_CODE_LENGTH))).toMatch(/characters long/);
    // 1 MB of zeros deflates to ~1 KB: refused by size, not inflated.
    expect(refused(`z${Buffer.from(deflateSync(new Uint8Array(1_000_000))).toString('base64url')}`)).toMatch(/more than a replay link can hold/);
  });

  it('checks every field of the payload', () => {
    const ok = [1, 'reviews', 'micro', 5, [[0, 'c', { seed: 7 }]]];
    expect(decodeReplay(codeOf(ok)).changes[0].config.seed).toBe(7);
    const bad = (i: number, v: unknown) => codeOf(ok.map((x, j) => (j === i ? v : x)));
    expect(refused(bad(0, 3))).toMatch(/version/);
    expect(refused(bad(1, 'nope'))).toMatch(/scenario/);
    expect(refused(bad(2, 'huge'))).toMatch(/model size/);
    expect(refused(bad(3, 0))).toMatch(/iteration/);
    expect(refused(bad(3, 1e12))).toMatch(/iteration/);
    expect(refused(bad(3, 2.5))).toMatch(/iteration/);
    expect(refused(bad(4, []))).toMatch(/changes/);
    expect(refused(bad(4, [[0, 'q', { seed: 7 }]]))).toMatch(/changes/);
    expect(refused(bad(4, [[0, 'c', {}]]))).toMatch(/no seed/);
    expect(refused(bad(4, [[1, 'c', { seed: 7 }]]))).toMatch(/from iteration 0/);
    expect(refused(bad(4, [[0, 'c', { seed: 7 }], [0, 'c', { klCoef: 0 }]]))).toMatch(/order/);
    expect(refused(bad(4, [[0, 'c', { seed: 7 }], [5, 'c', { klCoef: 0 }]]))).toMatch(/iteration 6 of a 5-iteration/);
    expect(refused(bad(4, [[0, 'c', { seed: 7, klCoef: -5 }]]))).toMatch(/klCoef must be ≥ 0/);
    expect(refused(bad(4, [[0, 'c', { seed: 7, batchSize: 'x' }]]))).toMatch(/batchSize/);
    expect(refused(bad(4, [[0, 'c', { seed: 7, klCoef: [1] }]]))).toMatch(/changes/);
    expect(refused(codeOf([1, 'arithmetic', 'micro', 5, [[0, 'c', { seed: 7, maxResponseLength: 9 }]]]))).toMatch(/maxResponseLength/);
    expect(refused(codeOf({ version: 1 }))).toMatch(/expected tuple|expected array/);
  });

  it('refuses setting names that are not the engine\'s own (prototype keys)', () => {
    for (const k of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'nonsense']) {
      const code = 'j' + Buffer.from(`[1,"reviews","micro",5,[[0,"c",{"seed":7,"${k}":1}]]]`).toString('base64url');
      expect(refused(code), k).toMatch(new RegExp(`"${k}" is not a setting`));
    }
  });
});
